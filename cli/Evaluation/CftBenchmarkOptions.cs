using System.Text.Json.Serialization;
using AgentRec.Finetune.Recommendation;
using AgentRec.Llm.Gguf;

namespace AgentRec.Cli.Evaluation;

/// <summary>Settings of <see cref="CftBenchmark"/>; SFT and SFT+CFT train with the same ones.</summary>
internal sealed record CftBenchmarkOptions
{
    public NextTitleSplitOptions Examples { get; init; } = new();

    /// <summary>LoRA adapters (merged at export); false trains every weight.</summary>
    public bool Lora { get; init; } = true;

    public int LoraRank { get; init; } = 8;

    public float LoraAlpha { get; init; } = 16f;

    public int Epochs { get; init; } = 1;

    public int? MaxSteps { get; init; }

    public double LearningRate { get; init; } = 2e-4;

    public int WarmupSteps { get; init; } = 10;

    public int BatchSize { get; init; } = 4;

    /// <summary>Longest training sequence and generation context per request, in tokens; null: the model's context, at most 2048.</summary>
    public int? MaxLength { get; init; }

    public long Seed { get; init; } = 1;

    /// <summary>CFT's token-weight floor β (paper: 0.25).</summary>
    public double CftBeta { get; init; } = 0.25;

    /// <summary>Weight of CFT's counterfactual-difference loss (paper: 0.1).</summary>
    public double CftWeight { get; init; } = 0.1;

    [JsonConverter(typeof(JsonStringEnumConverter<GgmlType>))]
    public GgmlType ExportType { get; init; } = GgmlType.F16;

    /// <summary>Greedy decoding stops after this many tokens (or at the end of the line).</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>Test rows evaluated (the first ones, in dataset order); null: all.</summary>
    public int? TestRows { get; init; }

    /// <summary>Torch threads and llama.cpp generation threads; 0: chosen by each.</summary>
    public int Threads { get; init; }

    /// <summary>Generations decoded together (continuous batching).</summary>
    public int Parallel { get; init; } = 16;

    public int CheckpointEvery { get; init; } = 50;

    /// <exception cref="ArgumentException">A setting is out of range; the message names its option.</exception>
    public void Validate()
    {
        Examples.Validate();
        void Require(bool ok, string option, object? value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentException($"{option} {value}: {rule}.");
            }
        }

        Require(LoraRank >= 1, "--lora-rank", LoraRank, "must be at least 1");
        Require(LoraAlpha > 0 && float.IsFinite(LoraAlpha), "--lora-alpha", LoraAlpha, "must be positive");
        Require(Epochs >= 1, "--epochs", Epochs, "must be at least 1");
        Require(MaxSteps is null or >= 1, "--max-steps", MaxSteps, "must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", LearningRate, "must be positive");
        Require(WarmupSteps >= 0, "--warmup", WarmupSteps, "must not be negative");
        Require(BatchSize >= 1, "--batch", BatchSize, "must be at least 1");
        Require(MaxLength is null || MaxLength > MaxNewTokens + 16, "--max-length", MaxLength, $"must leave room for a prompt besides --max-new-tokens {MaxNewTokens}");
        Require(CftBeta is >= 0 and <= 1, "CFT β", CftBeta, "must lie in [0, 1]");
        Require(CftWeight >= 0, "CFT weight", CftWeight, "must not be negative");
        Require(ExportType is GgmlType.F16 or GgmlType.F32, "--type", ExportType, "use f16 or f32");
        Require(MaxNewTokens >= 1, "--max-new-tokens", MaxNewTokens, "must be at least 1");
        Require(TestRows is null or >= 1, "--test-users", TestRows, "must be at least 1");
        Require(Threads >= 0, "--threads", Threads, "must not be negative");
        Require(Parallel >= 1, "--parallel", Parallel, "must be at least 1");
        Require(CheckpointEvery >= 1, "--checkpoint-every", CheckpointEvery, "must be at least 1");
    }
}
