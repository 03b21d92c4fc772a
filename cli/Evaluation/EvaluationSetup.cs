using AgentRec.Agents.Catalog;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Data.Splits;
using AgentRec.Simulator.Personas;

namespace AgentRec.Cli.Evaluation;

/// <summary>A dataset made ready for simulated evaluation: its catalog, the simulated users' personas, and item popularity.</summary>
internal sealed record EvaluationSetup(string Dataset, ItemCatalog Catalog, IReadOnlyList<Persona> Personas, IReadOnlyDictionary<string, int> Popularity)
{
    /// <summary>The interaction sequences behind a sequence dataset (what a history model trains on); null for dialogue datasets.</summary>
    public AgentRec.Core.Interactions.SequenceDataset? Sequences { get; init; }

    public const string DefaultDataset = "default";

    /// <summary>
    /// "default" = the ReDial catalog and dialogues shipped with AgentRec; "redial"/"opendialkg" = dialogue datasets
    /// under <paramref name="dataRoot"/> (users from dialogues, as iEvaLM-CRS does); sequence datasets (ml-100k,
    /// beauty, toys, yelp) = test users of the leave-one-out split (history → held-out last item).
    /// </summary>
    public static async Task<EvaluationSetup> LoadAsync(string dataset, string? dataRoot, string cacheRoot, int users, int seed, CancellationToken cancellationToken)
    {
        var builder = new PersonaBuilder();
        if (string.Equals(dataset, DefaultDataset, StringComparison.OrdinalIgnoreCase))
        {
            var data = (await AgentRec.Agents.Defaults.DefaultDataset.LoadAsync(cacheRoot, cancellationToken).ConfigureAwait(false)).Value;
            return FromDialogues(AgentRec.Agents.Defaults.DefaultDataset.Name, data, builder, users, seed);
        }

        var root = dataRoot ?? throw new ArgumentException($"Dataset '{dataset}' is read from a data folder: pass --data-root (e.g. ../shared/data).");
        var descriptor = DatasetRegistry.Describe(dataset);
        switch (descriptor.Kind)
        {
            case DatasetKind.Dialogues:
                var dialogues = (await DatasetRegistry.LoadDialogueDatasetAsync(descriptor.Name, root, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                return FromDialogues(descriptor.Name, dialogues, builder, users, seed);
            case DatasetKind.Sequences:
                var sequences = (await DatasetRegistry.LoadSequenceDatasetAsync(descriptor.Name, root, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                var split = LeaveOneOutSplit.Create(sequences);
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var sequence in split.Train)
                {
                    foreach (var index in sequence.Items)
                    {
                        var id = sequences.Catalog.ItemAt(index).Id;
                        counts[id] = counts.GetValueOrDefault(id) + 1;
                    }
                }

                return new EvaluationSetup(descriptor.Name, sequences.Catalog, builder.FromSplit(split, users, seed), counts) { Sequences = sequences };
            default:
                throw new ArgumentException($"Dataset '{dataset}' ({descriptor.Kind}) has no users to simulate; use default, redial, opendialkg, ml-100k, beauty, toys or yelp.");
        }
    }

    private static EvaluationSetup FromDialogues(string name, AgentRec.Core.Dialogues.DialogueDataset data, PersonaBuilder builder, int users, int seed)
    {
        // Popularity: how often each movie is mentioned or recommended across all dialogues.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var turn in data.Dialogues.SelectMany(d => d.Turns))
        {
            foreach (var id in turn.MentionedItemIds.Concat(turn.GoldItemIds))
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }

        return new EvaluationSetup(name, data.Catalog, builder.FromDialogues(data, users, seed), counts);
    }

    public Task<EmbeddingCatalogSearch> SearchAsync(string cacheRoot, CancellationToken cancellationToken) =>
        CatalogSearchBuilder.BuildAsync(Catalog, cacheRoot, cancellationToken: cancellationToken);
}
