using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentRec.Sequential.Semantics;
using AgentRec.Sequential.Training;

namespace AgentRec.Sequential.Models;

/// <summary>
/// Saves a trained model (kind, options, weights) to one file and loads it back for inference. Files
/// are written to a temporary file in the same folder and renamed, so a crash never leaves half a model.
/// </summary>
public static class SequentialModelFile
{
    private const string Magic = "AGENTREC-SEQ-MODEL";
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static void Save(SequentialModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var header = new Header(
            model.Kind,
            model.ItemCount,
            model.Backbone,
            (model as CL4SRec)?.Options,
            (model as SraCl)?.Options);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(JsonSerializer.Serialize(header, Json));
                WeightSnapshot.Capture(model).Write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Loads a saved model. An SRA-CL model needs its <paramref name="semantics"/> to be trained further;
    /// without them it comes back as a <see cref="SasRec"/> with the same backbone weights, which scores
    /// exactly like the SRA-CL model (its extra parameters only serve training).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a saved model of this format, or is damaged.</exception>
    public static SequentialModel Load(string path, SemanticNeighbours? semantics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        Header header;
        WeightSnapshot weights;
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic)
            {
                throw new InvalidDataException($"'{path}' is not an AgentRec sequential model (starts with '{magic}').");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"'{path}' has model format {version}; this build reads format {FormatVersion}.");
            }

            header = JsonSerializer.Deserialize<Header>(reader.ReadString(), Json)
                ?? throw new InvalidDataException($"'{path}' holds an empty header.");
            weights = WeightSnapshot.Read(reader, path);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is cut short at offset {stream.Position}.", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has an unreadable header: {e.Message}", e);
        }

        SequentialModel model = header.Kind switch
        {
            SequentialModelKind.SasRec => new SasRec(header.ItemCount, header.Backbone),
            SequentialModelKind.CL4SRec => new CL4SRec(header.ItemCount, header.Backbone, header.CL4SRec),
            SequentialModelKind.SraCl when semantics is not null => new SraCl(header.ItemCount, semantics, header.Backbone, header.SraCl),
            SequentialModelKind.SraCl => new SasRec(header.ItemCount, header.Backbone),
            _ => throw new InvalidDataException($"'{path}' holds unknown model kind {header.Kind}."),
        };
        try
        {
            (model.Kind == header.Kind ? weights : weights.Only(name => name.StartsWith("encoder.", StringComparison.Ordinal))).Restore(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return model;
    }

    private sealed record Header(SequentialModelKind Kind, int ItemCount, SasRecOptions Backbone, CL4SRecOptions? CL4SRec, SraClOptions? SraCl);
}
