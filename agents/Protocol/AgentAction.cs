using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Protocol;

/// <summary>
/// One parsed agent action: <c>Ask[question]</c>, <c>Search[query]</c>, <c>Recommend[id, id, ...]</c> or
/// <c>Response[text]</c>. <see cref="Text"/> is empty for Recommend; <see cref="ItemIds"/> is empty otherwise.
/// </summary>
public sealed record AgentAction(AgentActionKind Kind, string Text, IReadOnlyList<string> ItemIds)
{
    public static AgentAction Ask(string question) => new(AgentActionKind.Ask, question, []);

    public static AgentAction Search(string query) => new(AgentActionKind.Search, query, []);

    public static AgentAction Recommend(IReadOnlyList<string> itemIds) => new(AgentActionKind.Recommend, string.Empty, itemIds);

    public static AgentAction Respond(string text) => new(AgentActionKind.Response, text, []);

    /// <summary>The protocol's wire form, e.g. <c>Recommend[12, 40]</c>.</summary>
    public override string ToString() => Kind == AgentActionKind.Recommend
        ? $"Recommend[{string.Join(", ", ItemIds)}]"
        : $"{Kind}[{Text}]";
}
