namespace AgentRec.Core.Data;

/// <summary>A loaded value and the report of how it was read.</summary>
public sealed record LoadResult<T>(T Value, LoadReport Report);
