using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AgentRec.Finetune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>
/// One file that continues a run exactly: the trainable parameters (all weights for full fine-tuning, only the
/// adapters for LoRA — the frozen base comes from the GGUF), AdamW's state and the position and history as JSON.
/// Randomness needs no state of its own: it is derived from (seed, epoch, step). Written to a temporary file in
/// the same folder and renamed over the old one, so a crash never leaves half a checkpoint.
/// </summary>
internal sealed class FinetuneCheckpoint
{
    private const string Magic = "AGENTREC-FINETUNE-CKPT";
    private const int FormatVersion = 1;

    public required FinetuneCheckpointState State { get; init; }

    public required IReadOnlyList<(string Name, long[] Shape, float[] Values)> Parameters { get; init; }

    public required byte[] Optimizer { get; init; }

    public static IReadOnlyList<(string Name, long[] Shape, float[] Values)> Capture(LlamaTorchModel model)
    {
        using var noGrad = no_grad();
        return [.. model.named_parameters().Where(p => p.parameter.requires_grad)
            .Select(p => (p.name, p.parameter.shape, p.parameter.detach().contiguous().data<float>().ToArray()))];
    }

    /// <exception cref="InvalidDataException">The saved parameters are not the model's trainable ones.</exception>
    public void RestoreInto(LlamaTorchModel model, string path)
    {
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        if (trainable.Count != Parameters.Count || Parameters.Any(p => !trainable.ContainsKey(p.Name)))
        {
            throw new InvalidDataException($"Checkpoint '{path}' holds trainable parameters [{string.Join(", ", Parameters.Take(4).Select(p => p.Name))}…] ({Parameters.Count}) but the model trains {trainable.Count} others; attach the same LoRA options (or none) as the run that wrote it.");
        }

        using var noGrad = no_grad();
        foreach (var (name, shape, values) in Parameters)
        {
            var target = trainable[name];
            if (!shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException($"Checkpoint '{path}': parameter '{name}' has shape [{string.Join(", ", shape)}], the model's is [{string.Join(", ", target.shape)}].");
            }

            using var source = torch.tensor(values, shape);
            target.copy_(source);
        }
    }

    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(JsonSerializer.Serialize(State));
                writer.Write(Parameters.Count);
                foreach (var (name, shape, values) in Parameters)
                {
                    writer.Write(name);
                    writer.Write(shape.Length);
                    foreach (long dim in shape)
                    {
                        writer.Write(dim);
                    }

                    writer.Write(values.Length);
                    writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                }

                writer.Write(Optimizer.Length);
                writer.Write(Optimizer);
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

    /// <exception cref="InvalidDataException">Not a checkpoint of this format, or damaged; the message names the file and offset.</exception>
    public static FinetuneCheckpoint Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic)
            {
                throw new InvalidDataException($"'{path}' is not an AgentRec fine-tuning checkpoint (starts with '{magic}').");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"'{path}' has checkpoint format {version}; this build reads format {FormatVersion}.");
            }

            var state = JsonSerializer.Deserialize<FinetuneCheckpointState>(reader.ReadString())
                ?? throw new InvalidDataException($"'{path}' holds an empty state record.");
            int count = reader.ReadInt32();
            if (count is < 0 or > 1_000_000)
            {
                throw new InvalidDataException($"'{path}': parameter count {count} at offset {stream.Position - 4} is not plausible.");
            }

            var parameters = new List<(string, long[], float[])>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                int rank = reader.ReadInt32();
                if (rank is < 0 or > 8)
                {
                    throw new InvalidDataException($"'{path}': parameter '{name}' has rank {rank} at offset {stream.Position - 4}.");
                }

                var shape = new long[rank];
                long expected = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt64();
                    expected *= shape[d];
                }

                int length = reader.ReadInt32();
                if (length != expected || (long)length * sizeof(float) > stream.Length - stream.Position)
                {
                    throw new InvalidDataException($"'{path}': parameter '{name}' of shape [{string.Join(", ", shape)}] claims {length} values at offset {stream.Position - 4}.");
                }

                var values = new float[length];
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                parameters.Add((name, shape, values));
            }

            int optimizerLength = reader.ReadInt32();
            if (optimizerLength < 0 || optimizerLength > stream.Length - stream.Position)
            {
                throw new InvalidDataException($"'{path}': optimizer state length {optimizerLength} at offset {stream.Position - 4} runs past the end of the file.");
            }

            return new FinetuneCheckpoint { State = state, Parameters = parameters, Optimizer = reader.ReadBytes(optimizerLength) };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is cut short at offset {stream.Position}.", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has an unreadable state record: {e.Message}", e);
        }
    }
}
