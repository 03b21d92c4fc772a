using AgentRec.Core.Catalog;

namespace AgentRec.Core.NextItem;

/// <summary>An LLM-rec dataset: catalog plus its validation and test examples (the sources ship no train split).</summary>
public sealed record NextItemDataset(
    string Name,
    ItemCatalog Catalog,
    IReadOnlyList<NextItemExample> Valid,
    IReadOnlyList<NextItemExample> Test);
