using AgentRec.Llm.Gguf;
using AgentRec.Llm.Models;

namespace AgentRec.Llm.Tests.Models;

public sealed class ModelStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentrec-store-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void TheDefaultModelIsTheShippedNanoModelCopiedIntoTheStore()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, ModelStore.ShippedModelsFolder, ModelStore.DefaultModelName + ".gguf");
        Assert.True(File.Exists(shipped), $"the build should copy models/agentrec-nano.gguf to {shipped}");

        var store = new ModelStore(_root);
        var path = store.Resolve(null);

        Assert.Equal(Path.Combine(store.ModelsDirectory, "agentrec-nano.gguf"), path);
        Assert.Equal(File.ReadAllBytes(shipped), File.ReadAllBytes(path));
        var gguf = GgufFile.Read(path);
        Assert.Equal("llama", gguf.Architecture);
        Assert.Equal("agentrec-nano", gguf.Name);
        Assert.Equal("agentrec-nano", Assert.Single(store.List()).Name);
        Assert.Equal(path, store.Resolve("agentrec-nano"));
    }

    [Fact]
    public void TheRandomTinyModelIsWrittenOnRequestByName()
    {
        var store = new ModelStore(_root);
        var path = store.Resolve(ModelStore.RandomTinyModelName);

        Assert.Equal("llama", GgufFile.Read(path).Architecture);
        Assert.Equal(ModelStore.RandomTinyModelRecipe.Layers, (int)GgufFile.Read(path).BlockCount!);
        Assert.Throws<FileNotFoundException>(() => store.Resolve("no-such-model"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
