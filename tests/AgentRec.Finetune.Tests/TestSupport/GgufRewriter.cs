using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Tests.TestSupport;

/// <summary>Copies GGUF files with changes, to make quantised and broken inputs for tests.</summary>
internal static class GgufRewriter
{
    /// <summary>
    /// Copies <paramref name="source"/> with metadata values replaced by <paramref name="metadata"/> (return the
    /// value to keep, another to replace, null to drop) and only the tensors <paramref name="keep"/> accepts.
    /// </summary>
    public static void Copy(string source, string destination, Func<string, GgufValue, GgufValue?>? metadata = null, Func<GgufTensorInfo, bool>? keep = null)
    {
        var file = GgufFile.Read(source);
        var writer = new GgufWriter();
        foreach (var (key, value) in file.Metadata)
        {
            var replaced = metadata is null ? value : metadata(key, value);
            if (replaced is not null)
            {
                writer.Add(key, replaced);
            }
        }

        foreach (var tensor in file.Tensors.Where(t => keep?.Invoke(t) ?? true))
        {
            writer.AddTensorBytes(tensor.Name, tensor.Dimensions.AsSpan(), tensor.Type, file.ReadTensorBytes(tensor));
        }

        writer.Write(destination);
    }

    /// <summary>Re-encodes every 2-D tensor of <paramref name="source"/> as BF16 (norms and biases stay F32).</summary>
    public static void ToBF16(string source, string destination)
    {
        var file = GgufFile.Read(source);
        var writer = new GgufWriter();
        foreach (var (key, value) in file.Metadata)
        {
            writer.Add(key, key == GgufKeys.FileType ? GgufValue.FromUInt32(32) : value); // LLAMA_FTYPE_MOSTLY_BF16
        }

        foreach (var tensor in file.Tensors)
        {
            if (tensor.Dimensions.Length == 2)
            {
                writer.AddTensor(tensor.Name, tensor.Dimensions.AsSpan(), GgmlType.BF16, file.ReadTensorFloat32(tensor));
            }
            else
            {
                writer.AddTensorBytes(tensor.Name, tensor.Dimensions.AsSpan(), tensor.Type, file.ReadTensorBytes(tensor));
            }
        }

        writer.Write(destination);
    }

    /// <summary>Re-encodes every 2-D tensor of <paramref name="source"/> as Q8_0 (norms and biases stay F32).</summary>
    public static void ToQ8_0(string source, string destination)
    {
        var file = GgufFile.Read(source);
        var writer = new GgufWriter();
        foreach (var (key, value) in file.Metadata)
        {
            writer.Add(key, key == GgufKeys.FileType ? GgufValue.FromUInt32(7) : value); // LLAMA_FTYPE_MOSTLY_Q8_0
        }

        foreach (var tensor in file.Tensors)
        {
            if (tensor.Dimensions.Length == 2)
            {
                writer.AddTensorBytes(tensor.Name, tensor.Dimensions.AsSpan(), GgmlType.Q8_0, EncodeQ8_0(file.ReadTensorFloat32(tensor)));
            }
            else
            {
                writer.AddTensorBytes(tensor.Name, tensor.Dimensions.AsSpan(), tensor.Type, file.ReadTensorBytes(tensor));
            }
        }

        writer.Write(destination);
    }

    // ggml's Q8_0 block: a float16 scale d = max|x| / 127, then 32 signed bytes round(x / d).
    private static byte[] EncodeQ8_0(float[] values)
    {
        const int block = 32;
        var bytes = new byte[values.Length / block * 34];
        for (var b = 0; b < values.Length / block; b++)
        {
            var chunk = values.AsSpan(b * block, block);
            var max = 0f;
            foreach (var v in chunk)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            var d = max / 127f;
            var inverse = d == 0 ? 0 : 1 / d;
            BitConverter.TryWriteBytes(bytes.AsSpan(b * 34, 2), (Half)d);
            for (var i = 0; i < block; i++)
            {
                bytes[b * 34 + 2 + i] = (byte)(sbyte)MathF.Round(chunk[i] * inverse);
            }
        }

        return bytes;
    }
}
