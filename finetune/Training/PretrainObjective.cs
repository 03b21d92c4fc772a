using AgentRec.Finetune.Data;
using AgentRec.Finetune.Models;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>
/// Causal language modelling over plain text: every token of a window is a target (predicted from the ones
/// before it in the window). Build the windows with <see cref="Pack"/>.
/// </summary>
public sealed class PretrainObjective : IFinetuneObjective
{
    private readonly IReadOnlyList<TokenizedSequence> _windows;

    /// <param name="windows">Token windows, e.g. from <see cref="Pack"/>; each at least two tokens long.</param>
    public PretrainObjective(IReadOnlyList<int[]> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfZero(windows.Count);
        var sequences = new TokenizedSequence[windows.Count];
        for (int i = 0; i < windows.Count; i++)
        {
            var window = windows[i] ?? throw new ArgumentException($"Window {i} is null.", nameof(windows));
            if (window.Length < 2)
            {
                throw new ArgumentException($"Window {i} has {window.Length} token(s); at least 2 are needed for one prediction.", nameof(windows));
            }

            var targets = new bool[window.Length];
            Array.Fill(targets, true);
            targets[0] = false;
            sequences[i] = new TokenizedSequence(window, targets);
        }

        _windows = sequences;
    }

    public string Name => "pretrain";

    public int Count => _windows.Count;

    /// <summary>Tokens predicted in all (window length − 1 per window).</summary>
    public long TargetTokens => _windows.Sum(w => (long)w.Length - 1);

    /// <summary>
    /// Concatenates the documents, each followed by <paramref name="separator"/> (e.g. <c>&lt;/s&gt;</c>, so the model
    /// learns where a text ends), and cuts the stream into consecutive windows of <paramref name="windowLength"/>
    /// tokens. A document may straddle two windows; the incomplete tail of the stream is dropped, except when the
    /// stream is shorter than one window: then it is the only window.
    /// </summary>
    public static IReadOnlyList<int[]> Pack(IEnumerable<IReadOnlyList<int>> documents, int windowLength, int separator)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(separator);
        var windows = new List<int[]>();
        var current = new List<int>(windowLength);
        void Add(int token)
        {
            current.Add(token);
            if (current.Count == windowLength)
            {
                windows.Add([.. current]);
                current.Clear();
            }
        }

        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            if (document.Count == 0)
            {
                continue;
            }

            foreach (int token in document)
            {
                Add(token);
            }

            Add(separator);
        }

        if (windows.Count == 0 && current.Count >= 2)
        {
            windows.Add([.. current]);
        }

        return windows;
    }

    public float[]? Prepare(LlamaTorchModel model, CancellationToken cancellationToken) => null;

    public void Restore(float[]? state)
    {
    }

    public ObjectiveLoss Loss(LlamaTorchModel model, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(indices);
        using var scope = NewDisposeScope();
        using var batch = SequenceBatch.Create([.. indices.Select(i => _windows[i])], padLeft: false);
        var loss = FinetuneLosses.Sft(batch.Logits(model), batch.Labels);
        return new ObjectiveLoss(loss.MoveToOuterDisposeScope(), batch.RealTokens);
    }
}
