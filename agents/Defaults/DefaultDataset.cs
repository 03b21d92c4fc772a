using System.IO.Compression;
using System.Reflection;
using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Dialogues;

namespace AgentRec.Agents.Defaults;

/// <summary>
/// The ReDial movie catalog and dialogues shipped inside AgentRec (data/default, CC BY 4.0): what runs when no
/// dataset is given. The embedded files are unpacked once into the AgentRec cache folder, then loaded with the
/// ordinary ReDial loader.
/// </summary>
public static class DefaultDataset
{
    public const string Name = "redial-default";

    private const string CatalogResource = "AgentRec.Agents.Defaults.redial-id2info.json.gz";
    private const string DialoguesResource = "AgentRec.Agents.Defaults.redial-dialogues.jsonl.gz";

    public static async Task<LoadResult<DialogueDataset>> LoadAsync(string cacheRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheRoot);
        var folder = Path.Combine(cacheRoot, "default-data");
        Directory.CreateDirectory(folder);
        var catalog = await UnpackAsync(CatalogResource, Path.Combine(folder, RedialLoader.CatalogFile), cancellationToken).ConfigureAwait(false);
        var dialogues = await UnpackAsync(DialoguesResource, Path.Combine(folder, RedialLoader.DialoguesFile), cancellationToken).ConfigureAwait(false);
        return await RedialLoader.LoadAsync(dialogues, catalog, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> UnpackAsync(string resource, string target, CancellationToken cancellationToken)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The default data resource '{resource}' is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        // Unpacked size changes only when the embedded file does; rewrite when they differ.
        if (File.Exists(target) && File.GetLastWriteTimeUtc(target) > File.GetLastWriteTimeUtc(Assembly.GetExecutingAssembly().Location) && new FileInfo(target).Length > 0)
        {
            return target;
        }

        var temporary = target + $".{Environment.ProcessId}.tmp";
        await using (var output = File.Create(temporary))
        await using (var gzip = new GZipStream(stream, CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, target, overwrite: true);
        return target;
    }
}
