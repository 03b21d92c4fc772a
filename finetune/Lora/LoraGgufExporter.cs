using AgentRec.Finetune.Models;
using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Lora;

/// <summary>
/// Writes a model's LoRA adapters as a GGUF adapter that llama.cpp's <c>llama_adapter_lora_init</c> loads:
/// <c>general.type</c> = "adapter", <c>adapter.type</c> = "lora", <c>adapter.lora.alpha</c>, and per adapted weight
/// W the tensors "W.lora_a" (ne = [in, r]) and "W.lora_b" (ne = [r, out]). llama.cpp adds
/// scale · (alpha / r) · B · A · x, r being lora_b's ne[0]; scale 1 reproduces the TorchSharp model.
/// </summary>
public static class LoraGgufExporter
{
    public const string AdapterAlphaKey = "adapter.lora.alpha";

    /// <summary>Writes the adapter atomically to <paramref name="path"/>; <paramref name="type"/> is F32, F16 or BF16.</summary>
    public static void Export(LlamaTorchModel model, string path, GgmlType type = GgmlType.F32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16))
        {
            throw new ArgumentException($"Adapter tensors can be written as F32, F16 or BF16, not {type.GetTypeName()}.", nameof(type));
        }

        var options = model.LoraOptions ?? throw new InvalidOperationException("The model has no LoRA adapters; call AttachLora first.");
        var writer = new GgufWriter()
            .AddString(GgufKeys.Architecture, model.Config.Architecture)
            .AddString("general.type", "adapter")
            .AddString(GgufKeys.Name, $"agentrec-lora-r{options.Rank}")
            .AddString("adapter.type", "lora")
            .AddFloat32(AdapterAlphaKey, options.Alpha);
        foreach (var (weight, lora) in model.LoraLayers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddMatrix(writer, weight + ".lora_a", lora.A, type);
            AddMatrix(writer, weight + ".lora_b", lora.B, type);
        }

        writer.Write(path, progress: null, cancellationToken);
    }

    private static void AddMatrix(GgufWriter writer, string name, TorchSharp.torch.Tensor matrix, GgmlType type)
    {
        // Row-major [rows, columns] is ggml's ne = [columns, rows].
        var values = matrix.detach().contiguous().data<float>().ToArray();
        writer.AddTensor(name, [(ulong)matrix.shape[1], (ulong)matrix.shape[0]], type, values);
    }
}
