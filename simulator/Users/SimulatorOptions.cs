namespace AgentRec.Simulator.Users;

/// <summary>Settings shared by every <see cref="SimulatedUser"/> of a run.</summary>
public sealed record SimulatorOptions
{
    public static SimulatorOptions Default { get; } = new();

    /// <summary>Mixed into each persona's seed; change it to get another, equally reproducible, run.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Agent turns the most patient user allows (efficiency 0). Users with efficiency 1 allow half as many;
    /// strongly exploring users (exploration ≥ 0.7) one more, never more than this.
    /// </summary>
    public int MaxTurns { get; init; } = 8;

    /// <summary>The fewest agent turns any user allows.</summary>
    public int MinTurns { get; init; } = 3;

    /// <summary>Only this many of the items shown in one turn are looked at (the target further down is missed).</summary>
    public int MaxItemsConsidered { get; init; } = 10;

    /// <summary>Sampling temperature when an LLM phrases the turns.</summary>
    public float Temperature { get; init; } = 0.7f;

    /// <summary>Output budget for one LLM-phrased turn.</summary>
    public int MaxOutputTokens { get; init; } = 256;

    internal void Validate()
    {
        if (MinTurns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTurns), MinTurns, "MinTurns must be at least 1.");
        }

        if (MaxTurns < MinTurns)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTurns), MaxTurns, $"MaxTurns must be at least MinTurns ({MinTurns}).");
        }

        if (MaxItemsConsidered < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxItemsConsidered), MaxItemsConsidered, "MaxItemsConsidered must be at least 1.");
        }

        if (Temperature is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature lies in [0, 2].");
        }

        if (MaxOutputTokens < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, "MaxOutputTokens must be at least 16.");
        }
    }
}
