using AgentRec.Core.Catalog;
using AgentRec.Core.NextItem;

namespace AgentRec.Finetune.Recommendation;

/// <summary>
/// Next-item generation data, BIGRec style: training and test rows of history titles → target title, plus the
/// catalog the generated titles are grounded in. Item ids are the catalog's ids.
/// </summary>
public sealed record NextTitleSplit(string Dataset, ItemCatalog Catalog, IReadOnlyList<NextItemExample> Train, IReadOnlyList<NextItemExample> Test);
