using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Core.NextItem;

namespace AgentRec.Finetune.Recommendation;

/// <summary>Builds <see cref="NextTitleSplit"/>s from the datasets that carry item titles.</summary>
public static class NextTitleSplits
{
    /// <summary>
    /// Leave-one-out over interaction sequences (<see cref="LeaveOneOutSplit"/>: last item = test, second-to-last =
    /// valid, the rest = train). Training rows come from the train part only: its last
    /// <see cref="NextTitleSplitOptions.TargetsPerUser"/> positions that have at least one item before them, each with
    /// up to <see cref="NextTitleSplitOptions.HistoryLength"/> preceding titles. One test row per evaluated user: the
    /// last item, after the most recent titles before it (the valid item included). Valid items are never targets.
    /// </summary>
    /// <exception cref="ArgumentException">The catalog has no titles (Beauty, Toys, Yelp), so there is nothing to generate.</exception>
    public static NextTitleSplit FromSequences(SequenceDataset data, NextTitleSplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new NextTitleSplitOptions();
        options.Validate();
        if (!data.Catalog.Items.Any(i => !string.IsNullOrWhiteSpace(i.Title)))
        {
            throw new ArgumentException($"Dataset '{data.Name}' has no item titles; next-title generation needs titled items (ml-100k, amazon-industrial, amazon-office).", nameof(data));
        }

        var split = LeaveOneOutSplit.Create(data);
        var train = new List<NextItemExample>();
        foreach (UserSequence sequence in split.Train)
        {
            int first = Math.Max(1, sequence.Count - options.TargetsPerUser);
            for (int target = first; target < sequence.Count; target++)
            {
                train.Add(Row(data.Catalog, sequence.UserId, sequence.Items, target, options.HistoryLength));
            }
        }

        var test = split.Test.Select(e => Row(data.Catalog, e.UserId, [.. e.History, e.Target], e.History.Count, options.HistoryLength)).ToList();
        return new NextTitleSplit(data.Name, data.Catalog, train, test);
    }

    /// <summary>
    /// An LLM-rec split that ships no train file (MiniOneRec Amazon): its valid rows train, its test rows test. Rows
    /// and titles are the CSV's; histories keep their most recent <see cref="NextTitleSplitOptions.HistoryLength"/> items.
    /// </summary>
    public static NextTitleSplit FromNextItem(NextItemDataset data, NextTitleSplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new NextTitleSplitOptions();
        options.Validate();
        if (data.Valid.Count == 0)
        {
            throw new ArgumentException($"Dataset '{data.Name}' has no valid rows to train on.", nameof(data));
        }

        NextItemExample Cut(NextItemExample row) => row.HistoryTitles.Count <= options.HistoryLength
            ? row
            : row with
            {
                HistoryItemIds = [.. row.HistoryItemIds.TakeLast(options.HistoryLength)],
                HistoryTitles = [.. row.HistoryTitles.TakeLast(options.HistoryLength)],
            };

        return new NextTitleSplit(data.Name, data.Catalog, [.. data.Valid.Select(Cut)], [.. data.Test.Select(Cut)]);
    }

    /// <summary>The title shown for an item: its own, or a stand-in naming its id where the data has none.</summary>
    public static string TitleOf(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.IsNullOrWhiteSpace(item.Title) ? $"item {item.Id}" : item.Title;
    }

    private static NextItemExample Row(ItemCatalog catalog, string user, IReadOnlyList<int> items, int target, int historyLength)
    {
        var history = items.Skip(Math.Max(0, target - historyLength)).Take(Math.Min(target, historyLength)).Select(catalog.ItemAt).ToList();
        var item = catalog.ItemAt(items[target]);
        return new NextItemExample(user, [.. history.Select(i => i.Id)], [.. history.Select(TitleOf)], item.Id, TitleOf(item));
    }
}
