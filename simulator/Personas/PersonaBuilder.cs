using System.Globalization;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Dialogues;
using AgentRec.Core.Interactions;
using AgentRec.Core.Users;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Personas;

/// <summary>
/// Derives AILO personas from real users, reproducibly for a seed. Sequence data: a leave-one-out test
/// example gives the history and the held-out target. Dialogue data (ReDial, as iEvaLM-CRS does): at a
/// recommendation point, the movies the seeker mentioned before it are the history and one gold
/// recommendation the dialogue has not mentioned yet is the target.
/// </summary>
public sealed class PersonaBuilder
{
    private readonly PersonaBuilderOptions _options;

    public PersonaBuilder(PersonaBuilderOptions? options = null)
    {
        _options = options ?? PersonaBuilderOptions.Default;
        _options.Validate();
    }

    /// <summary>One persona from a leave-one-out example: its history (item indices) and held-out target.</summary>
    /// <param name="datasetName">Names the source and picks the item noun; null when unknown.</param>
    /// <param name="profile">The user's demographics where the dataset has them (MovieLens occupation, age).</param>
    /// <exception cref="ArgumentException">An index of the example lies outside the catalog.</exception>
    public Persona FromSequenceExample(SequenceExample example, ItemCatalog catalog, int seed, string? datasetName = null, UserProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(catalog);
        CatalogItem target = ItemAt(catalog, example.Target, example.UserId, "target");
        var history = new List<CatalogItem>(example.History.Count);
        for (int i = 0; i < example.History.Count; i++)
        {
            history.Add(ItemAt(catalog, example.History[i], example.UserId, $"history[{i}]"));
        }

        string source = string.IsNullOrWhiteSpace(datasetName) ? "sequence" : datasetName + ":test";
        return Build(example.UserId, target, history, profile, datasetName, source, seed);
    }

    /// <summary>
    /// Personas for up to <paramref name="count"/> users of the split's test set, drawn without replacement
    /// in an order fixed by <paramref name="seed"/>.
    /// </summary>
    public IReadOnlyList<Persona> FromSplit(LeaveOneOutSplit split, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        SequenceDataset dataset = split.Dataset;
        int[] order = StableSeed.Permutation(split.Test.Count, seed);
        var personas = new List<Persona>(Math.Min(count, order.Length));
        foreach (int position in order.Take(count))
        {
            SequenceExample example = split.Test[position];
            dataset.Users.TryGetValue(example.UserId, out UserProfile? profile);
            personas.Add(FromSequenceExample(example, dataset.Catalog, seed, dataset.Name, profile));
        }

        return personas;
    }

    /// <summary>
    /// The persona of the seeker at recommendation point <paramref name="turnIndex"/>, or null when every
    /// gold item there was already mentioned earlier (nothing would be left to discover).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="turnIndex"/> is not a recommendation point of the dialogue.</exception>
    public Persona? FromDialogue(RecommendationDialogue dialogue, int turnIndex, ItemCatalog catalog, int seed, string datasetName = "redial")
    {
        ArgumentNullException.ThrowIfNull(dialogue);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetName);
        if (turnIndex < 0 || turnIndex >= dialogue.Turns.Count || !dialogue.Turns[turnIndex].IsRecommendationPoint)
        {
            throw new ArgumentException(
                $"Turn {turnIndex} of dialogue {dialogue.Id} is not a recommendation point (points: {string.Join(", ", dialogue.RecommendationPoints())}).",
                nameof(turnIndex));
        }

        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        var liked = new List<string>();
        foreach (DialogueTurn turn in dialogue.ContextBefore(turnIndex))
        {
            foreach (string id in turn.MentionedItemIds)
            {
                mentioned.Add(id);

                // ReDial carries no per-mention sentiment here; the seeker's own mentions are taken as liked.
                if (turn.Role == DialogueRole.User && !liked.Contains(id))
                {
                    liked.Add(id);
                }
            }
        }

        string userId = $"{dialogue.Id}#{turnIndex.ToString(CultureInfo.InvariantCulture)}";
        string[] candidates = [.. dialogue.Turns[turnIndex].GoldItemIds.Where(id => !mentioned.Contains(id) && catalog.Contains(id))];
        if (candidates.Length == 0)
        {
            return null;
        }

        var random = new Random(StableSeed.Combine(seed, "target:" + userId));
        CatalogItem target = catalog.GetItem(candidates[random.Next(candidates.Length)]);
        List<CatalogItem> history = [.. liked.Where(catalog.Contains).Select(catalog.GetItem)];
        return Build(userId, target, history, profile: null, datasetName, $"{datasetName}:{userId}", seed);
    }

    /// <summary>
    /// Personas from up to <paramref name="count"/> dialogues drawn in an order fixed by <paramref name="seed"/>;
    /// each uses the dialogue's first recommendation point that leaves a target to discover.
    /// </summary>
    public IReadOnlyList<Persona> FromDialogues(DialogueDataset dataset, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var personas = new List<Persona>();
        foreach (int position in StableSeed.Permutation(dataset.Dialogues.Count, seed))
        {
            if (personas.Count >= count)
            {
                break;
            }

            RecommendationDialogue dialogue = dataset.Dialogues[position];
            foreach (int point in dialogue.RecommendationPoints())
            {
                if (FromDialogue(dialogue, point, dataset.Catalog, seed, dataset.Name) is Persona persona)
                {
                    personas.Add(persona);
                    break;
                }
            }
        }

        return personas;
    }

    private Persona Build(string userId, CatalogItem target, List<CatalogItem> history, UserProfile? profile, string? datasetName, string source, int seed)
    {
        if (history.Count > _options.MaxHistory)
        {
            history = history[^_options.MaxHistory..];
        }

        int personaSeed = StableSeed.Combine(seed, userId);
        var random = new Random(personaSeed);
        string noun = _options.ItemNoun ?? NounFor(datasetName);
        List<AttributePreference> preferences = PreferenceProfile.Preferences(history, _options.RecencyDecay, _options.MaxPreferencesPerKind);

        // Draw every random number unconditionally, in a fixed order, so one trait never shifts another.
        double verbosity = random.NextDouble();
        double formality = random.NextDouble();
        double typoRoll = random.NextDouble();
        double typoLevel = random.NextDouble();
        double efficiency = random.NextDouble();
        double detail = random.NextDouble();
        double exploration = random.NextDouble();
        List<string> activities = PersonaActivities.For(profile, noun, random);

        var linguistic = new LinguisticTraits(
            Round(verbosity), Round(formality), typoRoll < _options.TypoProbability ? Round(0.01 + 0.07 * typoLevel) : 0);
        var orientations = new Orientations(Round(efficiency), Round(detail), Round(0.5 * PreferenceProfile.Diversity(history) + 0.5 * exploration));
        return new Persona(userId, target, history, preferences, activities, PreferenceProfile.Interests(preferences, noun), linguistic, orientations)
        {
            ItemNoun = noun,
            Source = source,
            Seed = personaSeed,
        };
    }

    private static string NounFor(string? datasetName) => datasetName?.Trim().ToLowerInvariant() switch
    {
        null => "item",
        "redial" or "opendialkg" or "movielens" => "movie",
        string name when name.StartsWith("ml-", StringComparison.Ordinal) => "movie",
        "yelp" => "place",
        "beauty" or "toys" or "amazon-industrial" or "amazon-office" or "amazon-games" => "product",
        _ => "item",
    };

    private static CatalogItem ItemAt(ItemCatalog catalog, int index, string userId, string field)
    {
        if (index < 1 || index > catalog.Count)
        {
            throw new ArgumentException($"User '{userId}' {field} has item index {index}, outside the catalog's 1..{catalog.Count}.");
        }

        return catalog.ItemAt(index);
    }

    private static double Round(double value) => Math.Round(value, 2);
}
