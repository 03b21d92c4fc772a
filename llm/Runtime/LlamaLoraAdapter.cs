using AgentRec.Llm.Native;

namespace AgentRec.Llm.Runtime;

/// <summary>A LoRA adapter (GGUF) loaded for one model. Freed before the model (it holds a reference).</summary>
public sealed class LlamaLoraAdapter : IDisposable
{
    private nint _pointer;
    private bool _addedRef;

    private LlamaLoraAdapter(LlamaModel model, nint pointer, string path)
    {
        Model = model;
        _pointer = pointer;
        FilePath = path;
        // Keep the model alive while the adapter exists: llama.cpp frees adapters with their model.
        model.Handle.DangerousAddRef(ref _addedRef);
    }

    public LlamaModel Model { get; }

    public string FilePath { get; }

    internal nint Pointer => _pointer != 0 ? _pointer : throw new ObjectDisposedException(nameof(LlamaLoraAdapter));

    internal static LlamaLoraAdapter Load(LlamaModel model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"LoRA adapter '{path}' does not exist.", fullPath);
        }

        ModelFileValidator.Validate(fullPath);
        var pointer = NativeMethods.llama_adapter_lora_init(model.Handle, fullPath);
        if (pointer == 0)
        {
            throw new LlamaException($"llama.cpp could not load LoRA adapter '{path}': {LlamaBackend.LastNativeError ?? "no reason given"}.");
        }

        return new LlamaLoraAdapter(model, pointer, fullPath);
    }

    public void Dispose()
    {
        if (_pointer == 0)
        {
            return;
        }

        NativeMethods.llama_adapter_lora_free(_pointer);
        _pointer = 0;
        if (_addedRef)
        {
            Model.Handle.DangerousRelease();
            _addedRef = false;
        }
    }
}
