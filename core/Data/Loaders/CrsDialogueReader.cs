using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.Dialogues;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Reads iEvaLM-CRS evaluation files (ReDial, OpenDialKG): one JSON object per recommendation turn,
/// <c>{dialog_id, turn_id, context[], entity[], rec[], resp}</c>, where <c>context</c> is the whole
/// dialogue so far. Rows of one dialogue are merged into a single transcript; each row's <c>resp</c>
/// becomes a recommender turn carrying the row's gold items.
/// </summary>
/// <remarks>
/// Roles: the source stores none. Every row's <c>resp</c> is the recommender's and <c>context</c>
/// alternates speakers (consecutive messages already merged), so roles alternate backwards from the
/// response. ReDial keeps an empty first utterance when the recommender opened the dialogue; it is kept
/// as an empty user turn so positions match the source.
/// Mentions: entity annotations are per row, not per utterance, so an utterance mentions an annotated
/// catalog title when the title occurs in its text as a whole phrase (case-sensitive).
/// Gold names are resolved through the catalog's titles; a name held by several ids resolves to the
/// first in catalog order (ReDial lists 7 movies twice under two ids with the same IMDb id).
/// </remarks>
internal static class CrsDialogueReader
{
    public static async Task<List<RecommendationDialogue>> ReadAsync(
        string path, ItemCatalog catalog, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        Dictionary<string, string> idByTitle = TitleIndex(catalog);
        var builders = new Dictionary<string, DialogueBuilder>(StringComparer.Ordinal);
        var order = new List<DialogueBuilder>();
        using StreamReader reader = DataFile.OpenText(path);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            policy.CountRow();
            var at = new RowLocation(path, lineNumber);
            try
            {
                Row row = ParseRow(line, at, idByTitle);
                if (!builders.TryGetValue(row.DialogueId, out DialogueBuilder? builder))
                {
                    builder = new DialogueBuilder(row.DialogueId);
                    builders.Add(row.DialogueId, builder);
                    order.Add(builder);
                }

                builder.Add(row, at);
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return [.. order.Where(b => b.HasTurns).Select(b => b.Build(idByTitle))];
    }

    private static Dictionary<string, string> TitleIndex(ItemCatalog catalog)
    {
        var index = new Dictionary<string, string>(catalog.Count, StringComparer.Ordinal);
        foreach (CatalogItem item in catalog)
        {
            if (item.Title is not null)
            {
                index.TryAdd(item.Title, item.Id);
            }
        }

        return index;
    }

    private static Row ParseRow(string line, RowLocation at, Dictionary<string, string> idByTitle)
    {
        using JsonDocument document = DataFile.ParseJsonLine(line, at.FilePath, at.LineNumber);
        JsonElement root = document.RootElement;
        JsonFields.RequireObject(root, at, "$");
        string dialogueId = JsonFields.Id(root, "dialog_id", at);
        JsonFields.Int(root, "turn_id", at);
        List<string> context = JsonFields.StringArray(root, "context", at, required: true);
        if (context.Count == 0)
        {
            throw at.Error("context", "[]", "is empty; a recommendation turn needs the dialogue before it");
        }

        List<string> entities = JsonFields.StringArray(root, "entity", at);
        List<string> recommended = JsonFields.StringArray(root, "rec", at, required: true);
        if (recommended.Count == 0)
        {
            throw at.Error("rec", "[]", "is empty; a recommendation turn needs at least one gold item");
        }

        var goldIds = new List<string>(recommended.Count);
        for (int i = 0; i < recommended.Count; i++)
        {
            if (!idByTitle.TryGetValue(recommended[i], out string? id))
            {
                throw at.Error($"rec[{i}]", recommended[i], "is not the name of any catalog item");
            }

            if (!goldIds.Contains(id))
            {
                goldIds.Add(id);
            }
        }

        string response = JsonFields.String(root, "resp", at);
        return new Row(dialogueId, context, entities, recommended, goldIds, response);
    }

    private sealed record Row(
        string DialogueId, List<string> Context, List<string> Entities, List<string> RecommendedNames, List<string> GoldIds, string Response);

    private sealed class DialogueBuilder(string id)
    {
        private readonly List<string> _transcript = [];
        private readonly Dictionary<int, List<string>> _goldByTurn = [];
        private readonly List<string> _entities = [];
        private readonly List<string> _candidateNames = [];
        private int _responseParity = -1;

        public bool HasTurns => _transcript.Count > 0;

        // Validates the row against what earlier rows said before changing anything, so a skipped
        // row leaves the dialogue as it was.
        public void Add(Row row, RowLocation at)
        {
            int responseIndex = row.Context.Count;
            int parity = responseIndex % 2;
            if (_responseParity >= 0 && parity != _responseParity)
            {
                throw at.Error("context", responseIndex.ToString(CultureInfo.InvariantCulture),
                    $"length puts the response on the other speaker's side than earlier rows of dialogue {id}");
            }

            int shared = Math.Min(_transcript.Count, row.Context.Count);
            for (int i = 0; i < shared; i++)
            {
                if (!string.Equals(_transcript[i], row.Context[i], StringComparison.Ordinal))
                {
                    throw at.Error($"context[{i}]", row.Context[i], $"differs from utterance {i} given by earlier rows of dialogue {id}");
                }
            }

            if (responseIndex < _transcript.Count && !string.Equals(_transcript[responseIndex], row.Response, StringComparison.Ordinal))
            {
                throw at.Error("resp", row.Response, $"differs from utterance {responseIndex} given by earlier rows of dialogue {id}");
            }

            _responseParity = parity;
            for (int i = _transcript.Count; i < row.Context.Count; i++)
            {
                _transcript.Add(row.Context[i]);
            }

            if (responseIndex == _transcript.Count)
            {
                _transcript.Add(row.Response);
            }

            if (!_goldByTurn.TryGetValue(responseIndex, out List<string>? gold))
            {
                gold = [];
                _goldByTurn.Add(responseIndex, gold);
            }

            foreach (string goldId in row.GoldIds)
            {
                if (!gold.Contains(goldId))
                {
                    gold.Add(goldId);
                }
            }

            AddDistinct(_entities, row.Entities);
            AddDistinct(_candidateNames, row.Entities);
            AddDistinct(_candidateNames, row.RecommendedNames);
        }

        public RecommendationDialogue Build(Dictionary<string, string> idByTitle)
        {
            List<(string Name, string ItemId)> candidates = [.. _candidateNames
                .Where(name => name.Length > 0 && idByTitle.ContainsKey(name))
                .Select(name => (name, idByTitle[name]))];
            var turns = new DialogueTurn[_transcript.Count];
            for (int i = 0; i < turns.Length; i++)
            {
                DialogueRole role = i % 2 == _responseParity ? DialogueRole.Recommender : DialogueRole.User;
                IReadOnlyList<string> gold = _goldByTurn.TryGetValue(i, out List<string>? ids) ? ids : [];
                turns[i] = new DialogueTurn(role, _transcript[i], Mentions(_transcript[i], candidates), gold);
            }

            return new RecommendationDialogue(id, turns, _entities);
        }

        private static List<string> Mentions(string text, List<(string Name, string ItemId)> candidates)
        {
            var found = new List<(int Position, string ItemId)>();
            foreach ((string name, string itemId) in candidates)
            {
                int position = FindPhrase(text, name);
                if (position >= 0 && !found.Exists(f => f.ItemId == itemId))
                {
                    found.Add((position, itemId));
                }
            }

            found.Sort((a, b) => a.Position.CompareTo(b.Position));
            return [.. found.Select(f => f.ItemId)];
        }

        // First occurrence of the name not glued to letters or digits on either side.
        private static int FindPhrase(string text, string name)
        {
            int start = 0;
            while (start <= text.Length - name.Length)
            {
                int position = text.IndexOf(name, start, StringComparison.Ordinal);
                if (position < 0)
                {
                    return -1;
                }

                int end = position + name.Length;
                bool boundaryBefore = position == 0 || !char.IsLetterOrDigit(text[position - 1]);
                bool boundaryAfter = end == text.Length || !char.IsLetterOrDigit(text[end]);
                if (boundaryBefore && boundaryAfter)
                {
                    return position;
                }

                start = position + 1;
            }

            return -1;
        }

        private static void AddDistinct(List<string> target, List<string> values)
        {
            foreach (string value in values)
            {
                if (!target.Contains(value))
                {
                    target.Add(value);
                }
            }
        }
    }
}
