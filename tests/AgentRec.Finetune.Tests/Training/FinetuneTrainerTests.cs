using AgentRec.Finetune.Data;
using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>
/// The trainer on the writer's tiny llama (2 layers, dim 64, vocabulary 4096) and the six-example fixtures: losses
/// fall, an interrupted run resumes to bit-identical weights, and the trained adapter runs in llama.cpp.
/// </summary>
public sealed class FinetuneTrainerTests(ITestOutputHelper output)
{
    private static readonly LoraOptions Lora = new() { Rank = 4, Alpha = 8, Targets = LoraOptions.KnownTargets, Seed = 3 };

    private static string ModelPath => TestModels.Get("llama", GgmlType.F32);

    [Fact]
    public void SftStepsLowerTheLossAndTheAdapterRunsInLlamaCpp()
    {
        var examples = Tokenize(t => JsonlDatasets.ReadSft(TrainingFixtures.Sft()).Select((e, i) => t.Sft(e, i)).ToList());
        var objective = new SftObjective(examples);
        using var model = GgufWeightLoader.Load(ModelPath);
        model.AttachLora(Lora);
        var adapterPath = TestModels.NewPath("sft-adapter.gguf");
        var reports = new List<FinetuneProgress>();
        var result = new FinetuneTrainer().Train(
            model, objective, objective,
            new FinetuneOptions { Epochs = 4, BatchSize = 3, LearningRate = 1e-2, WarmupSteps = 1, EvaluateEvery = 4, Threads = 1, AdapterExportPath = adapterPath },
            new SynchronousProgress<FinetuneProgress>(reports.Add));

        output.WriteLine(string.Join("\n", reports));
        output.WriteLine(string.Join(", ", result.EvaluationLosses));
        Assert.Equal(8, result.Steps);
        Assert.Equal(8, result.StepLosses.Count);
        Assert.Equal([0, 4, 8], result.EvaluationLosses.Select(e => e.Step));
        Assert.True(result.EvaluationLosses[^1].Loss < result.EvaluationLosses[0].Loss - 0.5, $"eval loss {result.EvaluationLosses[0].Loss} → {result.EvaluationLosses[^1].Loss}");
        Assert.True(result.Tokens > 0 && result.TokensPerSecond > 0);
        Assert.Equal(Enumerable.Range(1, 8), reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(8, r.TotalSteps));
        Assert.Equal(1e-2, reports[0].LearningRate, 9);
        Assert.True(reports[^1].LearningRate < reports[1].LearningRate);

        // The adapter as llama.cpp applies it reproduces the trained model's logits (F16 attention rounding as in llama.cpp).
        int[] tokens = examples[0].Tokens;
        model.RoundAttentionToHalf = true;
        var trained = LlamaReference.TorchLogits(model, tokens);
        var (change, magnitude) = LlamaReference.Compare(LlamaReference.Logits(ModelPath, tokens), trained);
        var (difference, _) = LlamaReference.Compare(LlamaReference.Logits(ModelPath, tokens, adapterPath), trained);
        output.WriteLine($"training moved logits by {change} (max {magnitude}); llama.cpp with the adapter differs by {difference}");
        Assert.True(change > 0.1, $"training moved the logits by {change} only");
        Assert.True(difference <= 1e-3f, $"llama.cpp with the adapter: max |Δlogit| = {difference}");
    }

    [Fact]
    public void DpoStepsLowerTheLossFromLn2()
    {
        var pairs = Tokenize(t => JsonlDatasets.ReadDpo(TrainingFixtures.Dpo()).Select((e, i) => t.Dpo(e, i)).ToList());
        var objective = new DpoObjective(pairs, beta: 0.5);
        using var model = GgufWeightLoader.Load(ModelPath);
        model.AttachLora(Lora);
        var result = new FinetuneTrainer().Train(
            model, objective, objective,
            new FinetuneOptions { Epochs = 3, BatchSize = 2, LearningRate = 1e-2, Threads = 1 });

        output.WriteLine(string.Join(", ", result.StepLosses.Select(l => l.ToString("F4"))));

        // Before any update the policy is the reference: every margin is 0 and the loss is ln 2.
        Assert.Equal(Math.Log(2), result.EvaluationLosses[0].Loss, 4);
        Assert.Equal(Math.Log(2), result.StepLosses[0], 4);
        Assert.True(result.EvaluationLosses[^1].Loss < Math.Log(2) - 0.1, $"DPO loss {result.EvaluationLosses[^1].Loss}");
        Assert.Equal(12, objective.Reference!.Count);
    }

    [Fact]
    public void CftStepsLowerTheLoss()
    {
        var pairs = Tokenize(t => JsonlDatasets.ReadCft(TrainingFixtures.Cft()).Select((e, i) => t.Cft(e, i)).ToList());
        var objective = new CftObjective(pairs);
        using var model = GgufWeightLoader.Load(ModelPath);
        model.AttachLora(Lora);
        var result = new FinetuneTrainer().Train(
            model, objective, objective,
            new FinetuneOptions { Epochs = 3, BatchSize = 3, LearningRate = 1e-2, Threads = 1 });
        output.WriteLine(string.Join(", ", result.EvaluationLosses));
        Assert.True(result.EvaluationLosses[^1].Loss < result.EvaluationLosses[0].Loss - 0.5);
    }

    /// <summary>
    /// A run without random draws would hide a randomness bug, so this uses LoRA with dropout
    /// (torch draws every step), gradient accumulation over uneven micro-batches, warm-up and cosine decay.
    /// </summary>
    [Fact]
    public void RunInterruptedMidEpochResumesToIdenticalWeights()
    {
        var examples = Tokenize(t => JsonlDatasets.ReadSft(TrainingFixtures.Sft()).Select((e, i) => t.Sft(e, i)).ToList());
        var options = new FinetuneOptions
        {
            Epochs = 2, BatchSize = 2, GradientAccumulation = 2, LearningRate = 5e-3, WarmupSteps = 1, WeightDecay = 0.01,
            MaxGradientNorm = 0.5, Threads = 1, Seed = 17,
        };
        var lora = Lora with { Dropout = 0.2f };

        // Uninterrupted: 3 micro-batches per epoch → 2 steps per epoch (the second takes one micro-batch), 4 steps.
        using var straight = GgufWeightLoader.Load(ModelPath);
        straight.AttachLora(lora);
        var expected = new FinetuneTrainer().Train(straight, new SftObjective(examples), null, options with { CheckpointPath = TestModels.NewPath("straight.ckpt") });
        Assert.Equal(4, expected.Steps);

        // Interrupted after step 1 (mid-epoch 1), then resumed by a fresh model and trainer.
        var checkpoint = TestModels.NewPath("interrupted.ckpt");
        using (var first = GgufWeightLoader.Load(ModelPath))
        {
            first.AttachLora(lora);
            using var cancel = new CancellationTokenSource();
            var progress = new SynchronousProgress<FinetuneProgress>(p =>
            {
                if (p.Step == 1)
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => new FinetuneTrainer().Train(first, new SftObjective(examples), null, options with { CheckpointPath = checkpoint }, progress, cancel.Token));
        }

        Assert.True(File.Exists(checkpoint));
        using var resumed = GgufWeightLoader.Load(ModelPath);
        resumed.AttachLora(lora);
        var result = new FinetuneTrainer().Train(resumed, new SftObjective(examples), null, options with { CheckpointPath = checkpoint });

        Assert.True(result.Resumed);
        Assert.Equal(expected.StepLosses, result.StepLosses);
        var want = straight.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var got = resumed.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(want.Count, got.Count);
        foreach (var (name, parameter) in want)
        {
            Assert.Equal(parameter.detach().data<float>().ToArray(), got[name].detach().data<float>().ToArray());
        }

        // The weights did move, so the comparison means something.
        Assert.Contains(want, p => p.name.EndsWith("lora_b", StringComparison.Ordinal) && p.parameter.abs().max().item<float>() > 0);

        // A checkpoint of another batching is refused.
        using var other = GgufWeightLoader.Load(ModelPath);
        other.AttachLora(lora);
        var error = Assert.Throws<InvalidOperationException>(() => new FinetuneTrainer().Train(other, new SftObjective(examples), null, options with { CheckpointPath = checkpoint, BatchSize = 3 }));
        Assert.Contains("batch size", error.Message);

        // A checkpoint cut short is named, not half-read.
        var damaged = TestModels.NewPath("damaged.ckpt");
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);
        var damage = Assert.Throws<InvalidDataException>(() => new FinetuneTrainer().Train(other, new SftObjective(examples), null, options with { CheckpointPath = damaged }));
        Assert.Contains(damaged, damage.Message);
    }

    [Fact]
    public void FullFineTuningTrainsEveryWeight()
    {
        var examples = Tokenize(t => JsonlDatasets.ReadSft(TrainingFixtures.Sft()).Select((e, i) => t.Sft(e, i)).Take(2).ToList());
        using var model = GgufWeightLoader.Load(ModelPath);
        using var before = model.named_parameters().Single(p => p.name == "blk.0.attn_q.weight").parameter.detach().clone();
        var result = new FinetuneTrainer().Train(model, new SftObjective(examples), null, new FinetuneOptions { Epochs = 2, BatchSize = 2, LearningRate = 1e-3, Threads = 1 });
        Assert.Equal(2, result.Steps);
        Assert.Empty(result.EvaluationLosses);
        using var after = model.named_parameters().Single(p => p.name == "blk.0.attn_q.weight").parameter.detach();
        Assert.True(after.sub(before).abs().max().item<float>() > 0);
    }

    private static T Tokenize<T>(Func<ChatTokenizer, T> tokenize)
    {
        using var runtime = LlamaModel.Load(ModelPath);
        return tokenize(new ChatTokenizer(runtime, maxLength: 128));
    }

    /// <summary>Reports on the training thread, unlike <see cref="Progress{T}"/>, so a test can cancel at an exact step.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
