using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Tests.Lora;

public sealed class LoraTests(ITestOutputHelper output)
{
    private const string Prompt = "Recommend a board game for two players who like strategy and short rules.";

    private static readonly LoraOptions AllTargets = new() { Rank = 4, Alpha = 8, Targets = LoraOptions.KnownTargets, Seed = 3 };

    [Fact]
    public void FreshAdapterChangesNothingAndOnlyAdaptersTrain()
    {
        var path = TestModels.Get("llama", GgmlType.F32);
        var tokens = LlamaReference.Tokenize(path, Prompt);
        using var model = GgufWeightLoader.Load(path);
        var before = LlamaReference.TorchLogits(model, tokens);

        var adapted = model.AttachLora(AllTargets);
        Assert.Equal(2 * 7, adapted.Count);
        Assert.Contains("blk.1.ffn_down.weight", adapted);
        Assert.All(model.LoraLayers, l => Assert.Equal(0, l.Value.B.abs().max().item<float>()));
        Assert.All(model.LoraLayers, l => Assert.True(l.Value.A.abs().max().item<float>() > 0));

        var (difference, _) = LlamaReference.Compare(before, LlamaReference.TorchLogits(model, tokens));
        Assert.Equal(0f, difference);

        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        Assert.Equal(2 * 7 * 2, trainable.Count);
        Assert.Equal(model.LoraParameters().Count(), trainable.Count);
        Assert.Throws<InvalidOperationException>(() => model.AttachLora(AllTargets));
    }

    [Fact]
    public void OptimizerStepsMoveOnlyTheAdapters()
    {
        var path = TestModels.Get("qwen2", GgmlType.F32);
        var tokens = LlamaReference.Tokenize(path, Prompt);
        using var model = GgufWeightLoader.Load(path);
        model.AttachLora(AllTargets with { Dropout = 0.1f });
        using var frozenBefore = model.LoraLayers[0].Value.A.detach().clone();
        var file = GgufFile.Read(path);
        using var baseBefore = torch.tensor(file.ReadTensorFloat32(file.FindTensor("blk.0.attn_q.weight")!));

        using var input = torch.tensor(tokens[..^1].Select(t => (long)t).ToArray(), [1, tokens.Length - 1]);
        using var target = torch.tensor(tokens[1..].Select(t => (long)t).ToArray(), [tokens.Length - 1]);
        using var optimizer = optim.Adam(model.LoraParameters(), lr: 1e-2);
        model.train();
        var losses = new List<float>();
        for (var step = 0; step < 8; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.forward(input);
            var loss = nn.functional.cross_entropy(logits[0], target);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        output.WriteLine(string.Join(", ", losses));
        Assert.True(losses[^1] < losses[0] - 0.1f, $"loss {losses[0]} → {losses[^1]}");
        Assert.All(model.LoraLayers, l => Assert.True(l.Value.B.abs().max().item<float>() > 0));
        Assert.True(model.LoraLayers[0].Value.A.detach().sub(frozenBefore).abs().max().item<float>() > 0, "A did not train");

        // The base weight did not move.
        var layer = model.GgufTensors().Single(t => t.Name == "blk.0.attn_q.weight");
        using var flat = layer.Tensor.detach().reshape(-1);
        Assert.Equal(0f, flat.sub(baseBefore).abs().max().item<float>());
    }

    /// <summary>
    /// The adapter written as GGUF and applied by llama.cpp (scale 1) reproduces the TorchSharp logits, and so does
    /// the merged model loaded as a plain model. B is set to random values so the adapter changes the logits
    /// clearly (checked), and rank 4 with alpha 8 makes the alpha/r scale 2, so a missing scale would show.
    /// </summary>
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void ExportedAdapterAndMergedModelMatchLlamaCpp(string architecture)
    {
        var path = TestModels.Get(architecture, GgmlType.F32);
        var tokens = LlamaReference.Tokenize(path, Prompt);
        using var model = GgufWeightLoader.Load(path);
        model.RoundAttentionToHalf = true;
        var baseLogits = LlamaReference.TorchLogits(model, tokens);
        model.AttachLora(AllTargets);
        using (var generator = new Generator(5))
        using (no_grad())
        {
            foreach (var (_, lora) in model.LoraLayers)
            {
                lora.B.normal_(0, 0.05, generator);
            }
        }

        var adapted = LlamaReference.TorchLogits(model, tokens);
        var (change, magnitude) = LlamaReference.Compare(baseLogits, adapted);
        Assert.True(change > 0.1f * magnitude, $"the adapter moved logits by {change} only (logits up to {magnitude})");

        var adapterPath = TestModels.NewPath($"{architecture}-lora.gguf");
        LoraGgufExporter.Export(model, adapterPath);
        var adapter = GgufFile.Read(adapterPath);
        Assert.Equal("adapter", adapter.GetString("general.type"));
        Assert.Equal("lora", adapter.GetString("adapter.type"));
        Assert.Equal(8f, adapter.GetSingle("adapter.lora.alpha"));
        Assert.Equal("64,4", string.Join(",", adapter.FindTensor("blk.0.attn_q.weight.lora_a")!.Dimensions));
        Assert.Equal("4,32", string.Join(",", adapter.FindTensor("blk.0.attn_k.weight.lora_b")!.Dimensions));

        var (difference, _) = LlamaReference.Compare(LlamaReference.Logits(path, tokens, adapterPath), adapted);
        output.WriteLine($"{architecture} adapter: max |Δlogit| = {difference}, adapter moved logits by {change}");
        Assert.True(difference <= 1e-3f, $"adapter: max |Δlogit| = {difference}");

        var mergedPath = TestModels.NewPath($"{architecture}-merged.gguf");
        MergedGgufExporter.Export(model, path, mergedPath);
        var merged = GgufFile.Read(mergedPath);
        Assert.Equal(GgufFile.Read(path).GetStringArray(GgufKeys.Tokens), merged.GetStringArray(GgufKeys.Tokens));
        var (mergedDifference, _) = LlamaReference.Compare(LlamaReference.Logits(mergedPath, tokens), adapted);
        output.WriteLine($"{architecture} merged: max |Δlogit| = {mergedDifference}");
        Assert.True(mergedDifference <= 1e-3f, $"merged: max |Δlogit| = {mergedDifference}");

        // The merged file loads back into a plain model computing what the adapted one computes (in F32 throughout).
        model.RoundAttentionToHalf = false;
        using var reloaded = GgufWeightLoader.Load(mergedPath);
        var (reloadDifference, _) = LlamaReference.Compare(LlamaReference.TorchLogits(model, tokens), LlamaReference.TorchLogits(reloaded, tokens));
        Assert.True(reloadDifference <= 1e-4f, $"reloaded merged model: max |Δlogit| = {reloadDifference}");
    }

    /// <summary>F16 storage rounds the merged weights (2⁻¹¹ relative) and llama.cpp then rounds activations too: 1 % of the logits' scale.</summary>
    [Fact]
    public void MergedF16ExportLoadsAndMatchesWithinHalfPrecision()
    {
        var path = TestModels.Get("llama", GgmlType.F32);
        var tokens = LlamaReference.Tokenize(path, Prompt);
        using var model = GgufWeightLoader.Load(path);
        model.RoundAttentionToHalf = true;
        model.AttachLora(new LoraOptions { Rank = 2, Alpha = 2, Targets = ["attn_v", "ffn_up"] });
        using (no_grad())
        {
            model.LoraLayers[0].Value.B.fill_(0.05f);
        }

        var adapted = LlamaReference.TorchLogits(model, tokens);
        var mergedPath = TestModels.NewPath("merged-f16.gguf");
        MergedGgufExporter.Export(model, path, mergedPath, GgmlType.F16);
        var merged = GgufFile.Read(mergedPath);
        Assert.Equal(GgmlType.F16, merged.FindTensor("blk.0.attn_v.weight")!.Type);
        Assert.Equal(GgmlType.F32, merged.FindTensor("blk.0.attn_norm.weight")!.Type);
        Assert.Equal("F16", merged.FileTypeName);
        var (difference, magnitude) = LlamaReference.Compare(LlamaReference.Logits(mergedPath, tokens), adapted);
        output.WriteLine($"merged F16: max |Δlogit| = {difference}, logits up to {magnitude}");
        Assert.True(difference <= 0.01f * magnitude, $"max |Δlogit| = {difference}, logits up to {magnitude}");
    }

    [Fact]
    public void InvalidOptionsAndMissingAdaptersAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new LoraOptions { Targets = ["attn_qkv"] }.Validate());
        Assert.Contains("attn_qkv", error.Message);
        Assert.Throws<ArgumentException>(() => new LoraOptions { Rank = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new LoraOptions { Dropout = 1 }.Validate());

        using var model = GgufWeightLoader.Load(TestModels.Get("llama", GgmlType.F32));
        Assert.Throws<InvalidOperationException>(() => LoraGgufExporter.Export(model, TestModels.NewPath("none.gguf")));
    }
}
