using AgentRec.Llm.Gguf;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>
/// Builds a <see cref="LlamaTorchModel"/> from a GGUF file: configuration from the metadata, every tensor
/// dequantised to float32 (F32, F16, BF16, Q8_0 and Q4_0 are read). A GGUF weight with ne = [in, out] is a
/// row-major [out, in] matrix, which is the layout the model keeps, so tensors are copied without transposing.
/// </summary>
public static class GgufWeightLoader
{
    private static readonly HashSet<GgmlType> Readable = [GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0];

    /// <summary>Reads <paramref name="path"/> and returns the filled model.</summary>
    /// <exception cref="GgufFormatException">A key or tensor is missing, unsupported or has the wrong shape; the message names it.</exception>
    public static LlamaTorchModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(GgufFile.Read(path));
    }

    /// <inheritdoc cref="Load(string)"/>
    public static LlamaTorchModel Load(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = new LlamaTorchModel(LlamaConfig.FromGguf(file));
        try
        {
            LoadInto(model, file);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Copies the tensors of <paramref name="file"/> into <paramref name="model"/>, which must have the file's shape.</summary>
    public static void LoadInto(LlamaTorchModel model, GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        var targets = model.GgufTensors().ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        foreach (var info in file.Tensors)
        {
            if (!targets.ContainsKey(info.Name))
            {
                throw Bad(file, info.Name, $"tensor '{info.Name}' is not part of a {model.Config.Architecture} model as implemented here (unsupported tensor)");
            }
        }

        foreach (var (name, target) in targets)
        {
            var info = file.FindTensor(name) ?? throw Bad(file, name, $"tensor '{name}' is missing");
            if (!Readable.Contains(info.Type))
            {
                throw Bad(file, name, $"tensor '{name}' has type {info.Type.GetTypeName()}; supported: {string.Join(", ", Readable.Select(t => t.GetTypeName()))}");
            }

            var expected = target.shape.Reverse().Select(d => (ulong)d).ToArray();
            if (!info.Dimensions.SequenceEqual(expected))
            {
                throw Bad(file, name, $"tensor '{name}' has ne = [{string.Join(", ", info.Dimensions)}], expected [{string.Join(", ", expected)}]");
            }

            var values = file.ReadTensorFloat32(info);
            using var noGrad = no_grad();
            using var source = torch.tensor(values, target.shape);
            target.copy_(source);
        }
    }

    private static GgufFormatException Bad(GgufFile file, string tensor, string detail) =>
        new(file.SourcePath, null, $"tensor '{tensor}'", detail);
}
