using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;

namespace AgentRec.Simulator.Tests.TestSupport;

/// <summary>
/// A seeded stand-in agent that never knows the target: it asks questions, searches, chats and
/// recommends random catalog items. Sessions with it run long, which is what the leak tests want.
/// </summary>
internal sealed class ScriptedAgent(ItemCatalog catalog, int seed)
{
    private static readonly string[] Questions =
    [
        "What genre are you in the mood for?", "Any favourite actors?", "Do you prefer older classics or something recent?",
        "Which movies have you enjoyed before?", "Who should direct it?", "Tell me more?", "What kind of mood are you in?",
    ];

    private readonly Random _random = new(seed);

    public AgentTurn Next(string avoidId)
    {
        int roll = _random.Next(10);
        if (roll < 3)
        {
            return new AgentTurn(AgentActionKind.Ask, Questions[_random.Next(Questions.Length)], []);
        }

        if (roll == 3)
        {
            return new AgentTurn(AgentActionKind.Search, "Let me search the catalog.", []);
        }

        if (roll == 4)
        {
            return new AgentTurn(AgentActionKind.Response, "Movies are great, aren't they?", []);
        }

        var items = new List<CatalogItem>();
        while (items.Count < 3)
        {
            CatalogItem item = catalog.ItemAt(1 + _random.Next(catalog.Count));
            if (item.Id != avoidId && !items.Contains(item))
            {
                items.Add(item);
            }
        }

        return new AgentTurn(AgentActionKind.Recommend, "You might like these.", items);
    }
}
