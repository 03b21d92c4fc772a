using System.Text;
using System.Text.Json;

namespace AgentRec.Core.Data.Text;

/// <summary>Opening data files with clear errors, and whole-file JSON parsing with located errors.</summary>
internal static class DataFile
{
    private const int BufferSize = 64 * 1024;

    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>Opens text as UTF-8 (a BOM is honoured) unless another encoding is named.</summary>
    public static StreamReader OpenText(string path, Encoding? encoding = null) =>
        new(OpenRead(path), encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: encoding is null, BufferSize);

    public static StreamReader ReaderFor(Stream stream, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamReader(stream, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: encoding is null, BufferSize, leaveOpen: true);
    }

    /// <exception cref="DataFormatException">The file is not valid JSON (line and JSON path given).</exception>
    public static async Task<JsonDocument> ParseJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using FileStream stream = OpenRead(path);
        return await ParseJsonAsync(stream, path, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<JsonDocument> ParseJsonAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new DataFormatException(sourceName, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, $"is not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>Parses one JSON Lines record.</summary>
    public static JsonDocument ParseJsonLine(string line, string sourceName, int lineNumber)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new DataFormatException(sourceName, lineNumber, null, null, $"is not valid JSON ({ex.Message})", ex);
        }
    }
}
