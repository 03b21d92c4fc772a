namespace AgentRec.Finetune.Nano;

/// <summary>The outcome of <see cref="NanoRecipe"/>: the model's shape and file, and each stage's report.</summary>
public sealed record NanoReport
{
    public required string Name { get; init; }

    public required string ModelPath { get; init; }

    public long ModelBytes { get; init; }

    public long Parameters { get; init; }

    public int VocabularySize { get; init; }

    public int Layers { get; init; }

    public int EmbeddingLength { get; init; }

    public int HeadCount { get; init; }

    public int FeedForwardLength { get; init; }

    public int ContextLength { get; init; }

    public long Seed { get; init; }

    public int CorpusTexts { get; init; }

    public int Trajectories { get; init; }

    public required IReadOnlyList<NanoStageReport> Stages { get; init; }

    public NanoStageReport this[NanoStage stage] => Stages.First(s => s.Stage == stage);
}
