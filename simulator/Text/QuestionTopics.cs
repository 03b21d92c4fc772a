using AgentRec.Core.Catalog;
using AgentRec.Simulator.Personas;

namespace AgentRec.Simulator.Text;

/// <summary>
/// What an agent's question is about, from its words: the attribute kinds it asks for, and whether it
/// asks about things the user liked before (<see cref="History"/>). Keyword rules, so both the simulated
/// user and the rule-based scorer read a question the same way.
/// </summary>
internal static class QuestionTopics
{
    /// <summary>The pseudo-kind for questions about the user's past favourites.</summary>
    public const string History = "history";

    private static readonly (string Kind, string[] Words)[] Keywords =
    [
        (ItemAttribute.Genre, ["genre", "genres", "kind", "kinds", "type", "types", "sort", "mood", "style"]),
        (ItemAttribute.Category, ["category", "categories"]),
        (ItemAttribute.Brand, ["brand", "brands", "maker", "manufacturer", "company"]),
        (AttributePreference.DecadeKind, ["year", "years", "old", "older", "new", "newer", "recent", "decade", "decades", "era", "classic", "classics", "release", "released", "period"]),
        (ItemAttribute.Director, ["director", "directors", "direct", "directed", "directing", "filmmaker", "filmmakers"]),
        (ItemAttribute.Actor, ["actor", "actors", "actress", "actresses", "star", "stars", "starring", "cast"]),
        (ItemAttribute.Writer, ["writer", "writers", "write", "wrote", "written", "author", "authors"]),
        (ItemAttribute.Language, ["language", "languages"]),
        (ItemAttribute.Opaque, ["feature", "features", "attribute", "attributes"]),
        (History, ["enjoyed", "enjoy", "favorite", "favourite", "favorites", "favourites", "seen", "watched", "similar", "loved", "recently", "before"]),
    ];

    public static List<string> Detect(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var words = new HashSet<string>(TextTokens.Words(message), StringComparer.Ordinal);
        var kinds = new List<string>();
        foreach ((string kind, string[] keys) in Keywords)
        {
            if (keys.Any(words.Contains))
            {
                kinds.Add(kind);
            }
        }

        // "Who" alone asks about people in front of the camera; "who should direct it" is about the director.
        if (words.Contains("who") && !kinds.Exists(k => k is ItemAttribute.Director or ItemAttribute.Writer or ItemAttribute.Actor))
        {
            kinds.Add(ItemAttribute.Actor);
        }

        return kinds;
    }
}
