namespace AgentRec.Simulator.Personas;

/// <summary>How a persona writes (AILO "Linguistic" traits).</summary>
/// <param name="Verbosity">0 = terse, 1 = chatty: how many extra sentences a turn carries.</param>
/// <param name="Formality">0 = casual, 1 = formal register.</param>
/// <param name="TypoRate">Chance that an ordinary lower-case word gets two letters swapped (0–0.5).</param>
public sealed record LinguisticTraits(double Verbosity, double Formality, double TypoRate)
{
    public static LinguisticTraits Neutral { get; } = new(0.5, 0.5, 0);

    public double Verbosity { get; init; } = PersonaChecks.Unit(Verbosity, nameof(Verbosity));

    public double Formality { get; init; } = PersonaChecks.Unit(Formality, nameof(Formality));

    public double TypoRate { get; init; } = TypoRate is >= 0 and <= 0.5
        ? TypoRate
        : throw new ArgumentOutOfRangeException(nameof(TypoRate), TypoRate, "A typo rate lies in [0, 0.5].");

    public bool IsFormal => Formality >= 0.5;
}
