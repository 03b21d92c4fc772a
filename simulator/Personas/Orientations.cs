namespace AgentRec.Simulator.Personas;

/// <summary>What a persona values in a conversation (AILO "Orientations"), each a weight in [0, 1].</summary>
/// <param name="Efficiency">Wants results in few turns; high values end sessions sooner.</param>
/// <param name="Detail">Gives and wants specifics; high values reveal more per turn.</param>
/// <param name="Exploration">Open to varied suggestions; high values tolerate an extra round.</param>
public sealed record Orientations(double Efficiency, double Detail, double Exploration)
{
    public static Orientations Neutral { get; } = new(0.5, 0.5, 0.5);

    public double Efficiency { get; init; } = PersonaChecks.Unit(Efficiency, nameof(Efficiency));

    public double Detail { get; init; } = PersonaChecks.Unit(Detail, nameof(Detail));

    public double Exploration { get; init; } = PersonaChecks.Unit(Exploration, nameof(Exploration));
}
