namespace AgentRec.Simulator.Personas;

internal static class PersonaChecks
{
    public static double Unit(double value, string name) => value is >= 0 and <= 1
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} is a weight in [0, 1].");
}
