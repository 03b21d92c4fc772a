using System.Text;

namespace AgentRec.Core.IO;

/// <summary>
/// Whole-file writes that never leave a half-written file under the target name: the content goes to a uniquely
/// named temporary file in the same folder (so the rename stays on one file system), which then replaces the target.
/// The temporary file is removed if anything fails.
/// </summary>
public static class AtomicFile
{
    // No byte-order mark: JSON and JSONL readers (and other tools) take a BOM for content.
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Replace(path, temporary => File.WriteAllBytes(temporary, bytes));
    }

    /// <summary>Copies <paramref name="source"/> over <paramref name="path"/> the same way.</summary>
    public static void Copy(string source, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Replace(path, temporary => File.Copy(source, temporary));
    }

    public static void WriteAllText(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Replace(path, temporary => File.WriteAllText(temporary, content, Utf8NoBom));
    }

    /// <summary>One line per element (JSONL and the like), streamed to the temporary file.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Replace(path, temporary => File.WriteAllLines(temporary, lines, Utf8NoBom));
    }

    public static async Task WriteAllTextAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (full, temporary) = Prepare(path);
        try
        {
            await File.WriteAllTextAsync(temporary, content, Utf8NoBom, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Replace(string path, Action<string> write)
    {
        var (full, temporary) = Prepare(path);
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static (string Full, string Temporary) Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        return (full, Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp"));
    }
}
