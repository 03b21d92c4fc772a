using System.Numerics.Tensors;
using AgentRec.Llm.Embeddings;
using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.Embeddings;

public class LlamaEmbeddingGeneratorTests
{
    [Fact]
    public async Task EmbeddingsAreDeterministicNormalisedAndIndependentOfBatching()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        using var generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingOptions { MaxSequences = 4, BatchSize = 128 });
        string[] texts = ["The Matrix (1999). Sci-fi, action.", "Toy Story (1995). Animation, comedy.", "Heat (1995). Crime, thriller.", "Amélie (2001). Romance.", "Alien (1979). Horror, sci-fi."];

        var all = await generator.GenerateAsync(texts);
        var again = await generator.GenerateAsync(texts);
        var one = await generator.GenerateAsync([texts[3]]);

        Assert.Equal(texts.Length, all.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var vector = all[i].Vector.Span;
            Assert.Equal(model.EmbeddingSize, vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(vector), 4);
            Assert.Equal(vector.ToArray(), again[i].Vector.ToArray());
        }

        // Packing with other texts in one batch must not change a text's embedding beyond float
        // noise: ggml's kernels sum in a different order for different batch shapes (seen: 1e-4).
        var alone = one[0].Vector.ToArray();
        var packed = all[3].Vector.ToArray();
        for (var d = 0; d < alone.Length; d++)
        {
            Assert.Equal(alone[d], packed[d], 1e-3);
        }

        Assert.True(TensorPrimitives.CosineSimilarity(all[0].Vector.Span, all[1].Vector.Span) < 0.9999f);
        Assert.True(all.Usage?.InputTokenCount > 0);
    }
}
