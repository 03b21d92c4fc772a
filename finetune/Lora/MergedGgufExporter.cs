using AgentRec.Finetune.Models;
using AgentRec.Llm.Gguf;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Lora;

/// <summary>
/// Writes a complete GGUF model whose weights are the model's, with every LoRA adapter merged in
/// (W + (alpha / r) · B · A). Metadata, tokenizer included, and tensor order come from the base GGUF the model
/// was loaded from; only <c>general.file_type</c> changes. Matrices are stored as F32 or F16; norms, biases and
/// other 1-D tensors stay F32 (as llama.cpp's converters keep them).
/// </summary>
public static class MergedGgufExporter
{
    /// <summary>Writes the merged model atomically to <paramref name="outputPath"/>.</summary>
    /// <exception cref="GgufFormatException">The base file does not match the model (a tensor is missing or shaped differently).</exception>
    public static void Export(LlamaTorchModel model, string baseGgufPath, string outputPath, GgmlType type = GgmlType.F32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(baseGgufPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (type is not (GgmlType.F32 or GgmlType.F16))
        {
            throw new ArgumentException($"Merged models are written as F32 or F16, not {type.GetTypeName()}.", nameof(type));
        }

        var source = GgufFile.Read(baseGgufPath);
        var writer = new GgufWriter();
        var fileType = type == GgmlType.F16 ? 1u : 0u; // llama_ftype: ALL_F32 = 0, MOSTLY_F16 = 1
        foreach (var (key, value) in source.Metadata)
        {
            if (key == GgufKeys.FileType)
            {
                writer.AddUInt32(key, fileType);
            }
            else
            {
                writer.Add(key, value);
            }
        }

        if (!source.Metadata.ContainsKey(GgufKeys.FileType))
        {
            writer.AddUInt32(GgufKeys.FileType, fileType);
        }

        var tensors = model.GgufTensors().ToDictionary(t => t.Name, StringComparer.Ordinal);
        if (tensors.Count != source.Tensors.Count)
        {
            throw new GgufFormatException(source.SourcePath, null, "tensor count",
                $"the base file has {source.Tensors.Count} tensors but the model has {tensors.Count}; it is not the file the model was loaded from");
        }

        var owned = new List<Tensor>();
        try
        {
            foreach (var info in source.Tensors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!tensors.TryGetValue(info.Name, out var entry))
                {
                    throw new GgufFormatException(source.SourcePath, null, $"tensor '{info.Name}'", $"tensor '{info.Name}' of the base file is not part of the model");
                }

                var expected = entry.Tensor.shape.Reverse().Select(d => (ulong)d).ToArray();
                if (!info.Dimensions.SequenceEqual(expected))
                {
                    throw new GgufFormatException(source.SourcePath, null, $"tensor '{info.Name}'",
                        $"tensor '{info.Name}' has ne = [{string.Join(", ", info.Dimensions)}] in the base file but [{string.Join(", ", expected)}] in the model");
                }

                Tensor merged;
                using (no_grad())
                {
                    if (entry.Lora is null)
                    {
                        merged = entry.Tensor.detach().contiguous();
                    }
                    else
                    {
                        using var delta = entry.Lora.DenseDelta();
                        merged = entry.Tensor.detach().add(delta).contiguous();
                    }
                }

                owned.Add(merged);
                var storage = info.Dimensions.Length >= 2 ? type : GgmlType.F32;
                var captured = merged;
                writer.AddTensor(info.Name, info.Dimensions.AsSpan(), storage, (destination, first) =>
                    captured.data<float>().CopyTo(destination, 0, first));
            }

            writer.Write(outputPath, progress: null, cancellationToken);
        }
        finally
        {
            foreach (var tensor in owned)
            {
                tensor.Dispose();
            }
        }
    }
}
