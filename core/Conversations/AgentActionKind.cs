namespace AgentRec.Core.Conversations;

/// <summary>The four actions of the ECPO action protocol; every agent turn is exactly one.</summary>
public enum AgentActionKind
{
    /// <summary>Ask the user a clarifying question.</summary>
    Ask,

    /// <summary>Search the catalog (the query is shown; results may follow in the same or a later turn).</summary>
    Search,

    /// <summary>Recommend catalog items by id.</summary>
    Recommend,

    /// <summary>Answer or chat without recommending.</summary>
    Response,
}
