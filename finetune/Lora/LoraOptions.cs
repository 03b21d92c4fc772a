namespace AgentRec.Finetune.Lora;

/// <summary>Which linear layers get a low-rank adapter, and its shape: ΔW = (Alpha / Rank) · B · A.</summary>
public sealed record LoraOptions
{
    /// <summary>Names of the linear layers of a block that can be adapted (GGUF tensor names without "blk.N." and ".weight").</summary>
    public static IReadOnlyList<string> KnownTargets { get; } =
        ["attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"];

    public int Rank { get; init; } = 8;

    /// <summary>Scale numerator; llama.cpp reads it from <c>adapter.lora.alpha</c> and applies alpha / rank.</summary>
    public float Alpha { get; init; } = 16f;

    /// <summary>Dropout on the adapter's input during training (0 = none).</summary>
    public float Dropout { get; init; }

    /// <summary>Layers to adapt in every block; a subset of <see cref="KnownTargets"/>.</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["attn_q", "attn_k", "attn_v", "attn_output"];

    /// <summary>Seed of the random initialisation of the A matrices.</summary>
    public long Seed { get; init; } = 1;

    public float Scale => Alpha / Rank;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (Rank < 1)
        {
            throw Invalid(nameof(Rank), $"{Rank} must be positive");
        }

        if (!float.IsFinite(Alpha) || Alpha <= 0)
        {
            throw Invalid(nameof(Alpha), $"{Alpha} must be a positive number");
        }

        if (!float.IsFinite(Dropout) || Dropout is < 0 or >= 1)
        {
            throw Invalid(nameof(Dropout), $"{Dropout} must be in [0, 1)");
        }

        if (Targets is null || Targets.Count == 0)
        {
            throw Invalid(nameof(Targets), "at least one target layer is needed");
        }

        foreach (var target in Targets)
        {
            if (!KnownTargets.Contains(target))
            {
                throw Invalid(nameof(Targets), $"'{target}' is not a linear layer of a block; use {string.Join(", ", KnownTargets)}");
            }
        }

        if (Targets.Distinct(StringComparer.Ordinal).Count() != Targets.Count)
        {
            throw Invalid(nameof(Targets), "a target is listed twice");
        }
    }

    private static ArgumentException Invalid(string property, string problem) => new($"LoraOptions.{property}: {problem}.", property);
}
