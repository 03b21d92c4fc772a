using System.Text;
using System.Text.Json;
using AgentRec.Sequential.Models;
using TorchSharp;

namespace AgentRec.Sequential.Training;

/// <summary>
/// Everything needed to continue training exactly where it stopped: model and optimizer state, the
/// position (epoch, step), the early-stopping state with the best weights so far, and the history.
/// The random state is the seed plus (epoch, step), since every step derives its randomness from
/// those (<see cref="AgentRec.Core.Randomness.SeedSequence"/>). One file, written to a temporary file in the same folder and
/// renamed over the old one, so a crash never leaves a half-written checkpoint.
/// </summary>
internal sealed class TrainingCheckpoint
{
    private const string Magic = "AGENTREC-SEQ-CKPT";
    private const int FormatVersion = 1;

    public required CheckpointState State { get; init; }

    public required WeightSnapshot Model { get; init; }

    public WeightSnapshot? Best { get; init; }

    public required byte[] Optimizer { get; init; }

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
                writer.Write(JsonSerializer.Serialize(State, CheckpointState.JsonOptions));
                Model.Write(writer);
                writer.Write(Best is not null);
                Best?.Write(writer);
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

    /// <exception cref="InvalidDataException">The file is not a checkpoint of this format or is damaged; the message names it.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic)
            {
                throw new InvalidDataException($"'{path}' is not an AgentRec sequential checkpoint (starts with '{magic}').");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"'{path}' has checkpoint format {version}; this build reads format {FormatVersion}.");
            }

            CheckpointState state = JsonSerializer.Deserialize<CheckpointState>(reader.ReadString(), CheckpointState.JsonOptions)
                ?? throw new InvalidDataException($"'{path}' holds an empty state record.");
            WeightSnapshot model = WeightSnapshot.Read(reader, path);
            WeightSnapshot? best = reader.ReadBoolean() ? WeightSnapshot.Read(reader, path) : null;
            int optimizerLength = reader.ReadInt32();
            if (optimizerLength < 0 || optimizerLength > stream.Length - stream.Position)
            {
                throw new InvalidDataException($"'{path}': optimizer state length {optimizerLength} at offset {stream.Position - 4} runs past the end of the file.");
            }

            byte[] optimizer = reader.ReadBytes(optimizerLength);
            return new TrainingCheckpoint { State = state, Model = model, Best = best, Optimizer = optimizer };
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

    /// <summary>Throws when the checkpoint belongs to another model, data set or seed.</summary>
    public void CheckCompatible(string path, SequentialModel model, int userCount, TrainingOptions options)
    {
        void Require(bool ok, string what, object saved, object now)
        {
            if (!ok)
            {
                throw new CheckpointMismatchException(
                    $"Checkpoint '{path}' was made with {what} {saved}, but this run has {now}. Delete it or point CheckpointPath elsewhere to start afresh.");
            }
        }

        Require(State.Kind == model.Kind, "model", State.Kind, model.Kind);
        Require(State.ItemCount == model.ItemCount, "item count", State.ItemCount, model.ItemCount);
        Require(State.UserCount == userCount, "train user count", State.UserCount, userCount);
        Require(State.Seed == options.Seed, "seed", State.Seed, options.Seed);
        Require(State.BatchSize == options.BatchSize, "batch size", State.BatchSize, options.BatchSize);
    }
}
