using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Training;

/// <summary>
/// A copy of a module's state (parameters and buffers) in managed memory: cheap to keep as the "best
/// so far" weights, independent of dispose scopes, and written to checkpoints as little-endian floats.
/// </summary>
internal sealed class WeightSnapshot
{
    private readonly Dictionary<string, (long[] Shape, float[] Values)> _tensors;

    private WeightSnapshot(Dictionary<string, (long[] Shape, float[] Values)> tensors) => _tensors = tensors;

    public static WeightSnapshot Capture(nn.Module module)
    {
        var tensors = new Dictionary<string, (long[] Shape, float[] Values)>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach ((string name, Tensor value) in module.state_dict())
        {
            if (value.dtype != ScalarType.Float32)
            {
                throw new NotSupportedException($"State entry '{name}' is {value.dtype}; only float32 state is snapshotted.");
            }

            tensors[name] = (value.shape, value.contiguous().data<float>().ToArray());
        }

        return new WeightSnapshot(tensors);
    }

    /// <exception cref="InvalidDataException">The snapshot does not fit the module (names or shapes differ).</exception>
    public void Restore(nn.Module module)
    {
        using var noGrad = no_grad();
        Dictionary<string, Tensor> state = module.state_dict();
        if (state.Count != _tensors.Count || state.Keys.Any(k => !_tensors.ContainsKey(k)))
        {
            throw new InvalidDataException(
                $"Saved weights hold [{string.Join(", ", _tensors.Keys.Order())}] but the model has [{string.Join(", ", state.Keys.Order())}].");
        }

        foreach ((string name, Tensor target) in state)
        {
            (long[] shape, float[] values) = _tensors[name];
            if (!shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException($"Saved weight '{name}' has shape [{string.Join(", ", shape)}] but the model's is [{string.Join(", ", target.shape)}].");
            }

            using Tensor source = tensor(values, shape);
            target.copy_(source);
        }
    }

    /// <summary>The entries whose names pass <paramref name="keep"/>.</summary>
    public WeightSnapshot Only(Func<string, bool> keep) =>
        new(_tensors.Where(t => keep(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    public void Write(BinaryWriter writer)
    {
        writer.Write(_tensors.Count);
        foreach ((string name, (long[] shape, float[] values)) in _tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
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
    }

    /// <exception cref="InvalidDataException">The data is malformed; the message says where.</exception>
    public static WeightSnapshot Read(BinaryReader reader, string source)
    {
        int count = reader.ReadInt32();
        if (count is < 0 or > 100_000)
        {
            throw new InvalidDataException($"{source}: tensor count {count} at offset {reader.BaseStream.Position - 4} is not plausible.");
        }

        var tensors = new Dictionary<string, (long[] Shape, float[] Values)>(count, StringComparer.Ordinal);
        for (int t = 0; t < count; t++)
        {
            string name = reader.ReadString();
            int rank = reader.ReadInt32();
            if (rank is < 0 or > 8)
            {
                throw new InvalidDataException($"{source}: tensor '{name}' has rank {rank}.");
            }

            var shape = new long[rank];
            long expected = 1;
            for (int i = 0; i < rank; i++)
            {
                shape[i] = reader.ReadInt64();
                expected *= shape[i];
            }

            int length = reader.ReadInt32();
            if (length != expected)
            {
                throw new InvalidDataException($"{source}: tensor '{name}' of shape [{string.Join(", ", shape)}] stores {length} values.");
            }

            var values = new float[length];
            try
            {
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{source}: tensor '{name}' is cut short.", e);
            }

            tensors[name] = (shape, values);
        }

        return new WeightSnapshot(tensors);
    }
}
