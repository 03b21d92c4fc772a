namespace AgentRec.Core.Data.Loaders;

/// <summary>Where a named dataset lives under a data root and what it needs.</summary>
/// <param name="Name">Registry name, e.g. <c>beauty</c>.</param>
/// <param name="Kind">What it loads into.</param>
/// <param name="Folder">Folder under the data root, e.g. <c>amazon-beauty</c>.</param>
/// <param name="RequiredFiles">Paths relative to <paramref name="Folder"/> that must exist.</param>
/// <param name="OptionalFiles">Paths relative to <paramref name="Folder"/> used when present.</param>
/// <param name="Terms">The data's usage terms in short; check before shipping anything built from it.</param>
public sealed record DatasetDescriptor(
    string Name,
    DatasetKind Kind,
    string Folder,
    IReadOnlyList<string> RequiredFiles,
    IReadOnlyList<string> OptionalFiles,
    string Terms);
