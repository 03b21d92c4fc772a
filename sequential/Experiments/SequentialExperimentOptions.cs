using AgentRec.Sequential.Models;
using AgentRec.Sequential.Semantics;
using AgentRec.Sequential.Training;

namespace AgentRec.Sequential.Experiments;

/// <summary>Everything a <see cref="SequentialExperiment"/> run needs besides the data, the model kind and the seed.</summary>
public sealed record SequentialExperimentOptions
{
    public static SequentialExperimentOptions Default { get; } = new();

    public SasRecOptions Backbone { get; init; } = SasRecOptions.Default;

    /// <summary>Used when the model kind is CL4SRec.</summary>
    public CL4SRecOptions CL4SRec { get; init; } = CL4SRecOptions.Default;

    /// <summary>Used when the model kind is SRA-CL.</summary>
    public SraClOptions SraCl { get; init; } = SraClOptions.Default;

    /// <summary>Required when the model kind is SRA-CL: neighbours per train user and per item.</summary>
    public SemanticNeighbours? Semantics { get; init; }

    /// <summary>Training settings; the experiment's seed overrides <see cref="TrainingOptions.Seed"/>.</summary>
    public TrainingOptions Training { get; init; } = TrainingOptions.Default;
}
