using System.Diagnostics;
using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AgentRec.Core.Randomness;

namespace AgentRec.Finetune.Training;

/// <summary>
/// One training loop for every objective (<see cref="SftObjective"/>, <see cref="CftObjective"/>,
/// <see cref="DpoObjective"/>): AdamW over the model's trainable parameters (all of them, or only the adapters once
/// <see cref="LlamaTorchModel.AttachLora"/> has frozen the base), gradient accumulation, warm-up + decay schedule,
/// gradient-norm clipping, held-out loss, resumable checkpoints, progress reports and GGUF export at the end.
/// The data order of an epoch is a pure function of (seed, epoch) and each micro-batch seeds torch (dropout) from
/// (seed, epoch, step, micro-batch), so a run resumed from a checkpoint ends with bit-identical weights.
/// </summary>
public sealed partial class FinetuneTrainer
{
    private readonly ILogger _logger;

    public FinetuneTrainer(ILogger<FinetuneTrainer>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs <see cref="Train"/> on a dedicated thread.</summary>
    public Task<FinetuneResult> TrainAsync(
        LlamaTorchModel model,
        IFinetuneObjective train,
        IFinetuneObjective? evaluation,
        FinetuneOptions options,
        IProgress<FinetuneProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Train(model, train, evaluation, options, progress, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// Trains <paramref name="model"/> in place and leaves it in eval mode (no dropout). When
    /// <see cref="FinetuneOptions.CheckpointPath"/> exists the run continues from it. On cancellation a checkpoint is written (when a path is set) before
    /// <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options, or a model with nothing to train.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to another objective, data set or batching, or the loss diverged.</exception>
    /// <exception cref="InvalidDataException">The checkpoint file is damaged or does not fit the model.</exception>
    public FinetuneResult Train(
        LlamaTorchModel model,
        IFinetuneObjective train,
        IFinetuneObjective? evaluation,
        FinetuneOptions options,
        IProgress<FinetuneProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.AdapterExportPath is not null && model.LoraOptions is null)
        {
            throw new ArgumentException("AdapterExportPath is set but the model has no LoRA adapters attached.", nameof(options));
        }

        if (options.Threads > 0)
        {
            torch.set_num_threads(options.Threads);
        }

        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("The model has no trainable parameters.", nameof(model));
        }

        int microBatches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        int stepsPerEpoch = (microBatches + options.GradientAccumulation - 1) / options.GradientAccumulation;
        int totalSteps = (int)Math.Min(options.MaxSteps ?? int.MaxValue, (long)options.Epochs * stepsPerEpoch);

        using var optimizer = optim.AdamW(parameters, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        Run run = Start(model, optimizer, train, evaluation, options, totalSteps, cancellationToken);

        int cachedEpoch = -1;
        int[][] batches = [];
        var clock = new Stopwatch();
        while (run.GlobalStep < totalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(model, optimizer, run, train, options, totalSteps);
                cancellationToken.ThrowIfCancellationRequested();
            }

            int epoch = run.GlobalStep / stepsPerEpoch;
            int step = run.GlobalStep % stepsPerEpoch;
            if (epoch != cachedEpoch)
            {
                batches = Batches(train.Count, options, epoch);
                cachedEpoch = epoch;
            }

            double rate = LearningRateSchedule.At(run.GlobalStep, totalSteps, options.LearningRate, options.WarmupSteps, options.Decay, options.MinimumLearningRateRatio);
            clock.Restart();
            (double loss, long tokens) = TrainStep(model, optimizer, parameters, train, batches, epoch, step, rate, options);
            clock.Stop();
            if (!double.IsFinite(loss))
            {
                throw new InvalidOperationException($"Training diverged: loss {loss} at step {run.GlobalStep + 1}. Lower the learning rate.");
            }

            run.GlobalStep++;
            run.StepLosses.Add(loss);
            run.Tokens += tokens;
            run.TrainSeconds += clock.Elapsed.TotalSeconds;
            double tokensPerSecond = clock.Elapsed.TotalSeconds > 0 ? tokens / clock.Elapsed.TotalSeconds : 0;

            double? evaluationLoss = null;
            if (evaluation is not null && options.EvaluateEvery > 0 && run.GlobalStep % options.EvaluateEvery == 0)
            {
                try
                {
                    evaluationLoss = Evaluate(model, evaluation, options, run, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // The step is done: keep it, so a resumed run goes on from the next one.
                    SaveCheckpoint(model, optimizer, run, train, options, totalSteps);
                    throw;
                }
            }

            progress?.Report(new FinetuneProgress(run.GlobalStep, totalSteps, epoch + 1, loss, rate, tokensPerSecond, evaluationLoss));
            LogStep(run.GlobalStep, totalSteps, loss, rate, tokensPerSecond);
            if (options.CheckpointEvery > 0 && run.GlobalStep % options.CheckpointEvery == 0)
            {
                SaveCheckpoint(model, optimizer, run, train, options, totalSteps);
            }
        }

        if (evaluation is not null && (run.EvaluationLosses.Count == 0 || run.EvaluationLosses[^1].Step != run.GlobalStep))
        {
            Evaluate(model, evaluation, options, run, cancellationToken);
        }

        SaveCheckpoint(model, optimizer, run, train, options, totalSteps);
        model.eval();
        Export(model, options, cancellationToken);
        return new FinetuneResult([.. run.StepLosses], [.. run.EvaluationLosses], run.GlobalStep, run.Tokens, run.TrainSeconds, run.Resumed);
    }

    /// <summary>The mean loss of <paramref name="objective"/> over all its examples, in eval mode without gradients.</summary>
    public static double EvaluationLoss(LlamaTorchModel model, IFinetuneObjective objective, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double sum = 0;
            for (int start = 0; start < objective.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int[] indices = [.. Enumerable.Range(start, Math.Min(batchSize, objective.Count - start))];
                sum += objective.Loss(model, indices).Loss.item<float>() * indices.Length;
            }

            return sum / objective.Count;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static (double Loss, long Tokens) TrainStep(
        LlamaTorchModel model, OptimizerHelper optimizer, List<Parameter> parameters, IFinetuneObjective objective,
        int[][] batches, int epoch, int step, double rate, FinetuneOptions options)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }

        int first = step * options.GradientAccumulation;
        int count = Math.Min(options.GradientAccumulation, batches.Length - first);
        model.train();
        optimizer.zero_grad();
        double loss = 0;
        long tokens = 0;
        for (int k = 0; k < count; k++)
        {
            using var scope = NewDisposeScope();
            torch.manual_seed(SeedSequence.Derive(options.Seed, epoch, step, k, 1));
            var part = objective.Loss(model, batches[first + k]);
            part.Loss.div(count).backward();
            loss += part.Loss.item<float>() / count;
            tokens += part.Tokens;
        }

        if (options.MaxGradientNorm > 0)
        {
            nn.utils.clip_grad_norm_(parameters, options.MaxGradientNorm);
        }

        using (NewDisposeScope())
        {
            optimizer.step();
        }

        return (loss, tokens);
    }

    private double Evaluate(LlamaTorchModel model, IFinetuneObjective evaluation, FinetuneOptions options, Run run, CancellationToken cancellationToken)
    {
        double loss = EvaluationLoss(model, evaluation, options.EvaluationBatchSize, cancellationToken);
        run.EvaluationLosses.Add(new EvaluationPoint(run.GlobalStep, loss));
        LogEvaluation(run.GlobalStep, loss);
        return loss;
    }

    private Run Start(LlamaTorchModel model, OptimizerHelper optimizer, IFinetuneObjective train, IFinetuneObjective? evaluation, FinetuneOptions options, int totalSteps, CancellationToken cancellationToken)
    {
        if (options.CheckpointPath is { } path && File.Exists(path))
        {
            var checkpoint = FinetuneCheckpoint.Load(path);
            var state = checkpoint.State;
            void Require(bool ok, string what, object saved, object now)
            {
                if (!ok)
                {
                    throw new InvalidOperationException($"Checkpoint '{path}' was made with {what} {saved}, but this run has {now}. Delete it or point CheckpointPath elsewhere to start afresh.");
                }
            }

            Require(state.Objective == train.Name, "objective", state.Objective, train.Name);
            Require(state.ExampleCount == train.Count, "example count", state.ExampleCount, train.Count);
            Require(state.Seed == options.Seed, "seed", state.Seed, options.Seed);
            Require(state.BatchSize == options.BatchSize, "batch size", state.BatchSize, options.BatchSize);
            Require(state.GradientAccumulation == options.GradientAccumulation, "gradient accumulation", state.GradientAccumulation, options.GradientAccumulation);
            Require(state.TotalSteps == totalSteps, "a schedule of total steps", state.TotalSteps, totalSteps);
            checkpoint.RestoreInto(model, path);
            using (var stream = new MemoryStream(checkpoint.Optimizer))
            using (var reader = new BinaryReader(stream))
            {
                optimizer.load_state_dict(reader);
            }

            train.Restore(state.TrainState);
            if (evaluation is not null)
            {
                evaluation.Restore(state.EvaluationState);
            }

            LogResumed(path, state.GlobalStep);
            return new Run
            {
                GlobalStep = state.GlobalStep,
                StepLosses = state.StepLosses,
                EvaluationLosses = state.EvaluationLosses,
                Tokens = state.Tokens,
                TrainSeconds = state.TrainSeconds,
                TrainState = state.TrainState,
                EvaluationState = state.EvaluationState,
                Resumed = true,
            };
        }

        // Fresh run: fix whatever must stay constant (DPO's reference) from the untrained model, and measure the start.
        bool wasTraining = model.training;
        model.eval();
        var run = new Run
        {
            TrainState = train.Prepare(model, cancellationToken),
            EvaluationState = evaluation?.Prepare(model, cancellationToken),
        };
        model.train(wasTraining);
        if (evaluation is not null)
        {
            Evaluate(model, evaluation, options, run, cancellationToken);
        }

        return run;
    }

    private static void SaveCheckpoint(LlamaTorchModel model, OptimizerHelper optimizer, Run run, IFinetuneObjective train, FinetuneOptions options, int totalSteps)
    {
        if (options.CheckpointPath is null)
        {
            return;
        }

        byte[] optimizerState;
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                optimizer.save_state_dict(writer);
            }

            optimizerState = stream.ToArray();
        }

        new FinetuneCheckpoint
        {
            State = new FinetuneCheckpointState
            {
                Objective = train.Name,
                ExampleCount = train.Count,
                Seed = options.Seed,
                BatchSize = options.BatchSize,
                GradientAccumulation = options.GradientAccumulation,
                TotalSteps = totalSteps,
                GlobalStep = run.GlobalStep,
                StepLosses = run.StepLosses,
                EvaluationLosses = run.EvaluationLosses,
                Tokens = run.Tokens,
                TrainSeconds = run.TrainSeconds,
                TrainState = run.TrainState,
                EvaluationState = run.EvaluationState,
            },
            Parameters = FinetuneCheckpoint.Capture(model),
            Optimizer = optimizerState,
        }.Save(options.CheckpointPath);
    }

    private void Export(LlamaTorchModel model, FinetuneOptions options, CancellationToken cancellationToken)
    {
        if (options.AdapterExportPath is { } adapter)
        {
            LoraGgufExporter.Export(model, adapter, options.ExportType, cancellationToken);
            LogExported("LoRA adapter", adapter);
        }

        if (options.MergedExportPath is { } merged)
        {
            MergedGgufExporter.Export(model, options.BaseModelPath!, merged, options.ExportType, cancellationToken);
            LogExported("merged model", merged);
        }
    }

    /// <summary>Micro-batches of example indices for one epoch: a seeded shuffle cut into runs of BatchSize.</summary>
    private static int[][] Batches(int count, FinetuneOptions options, int epoch)
    {
        int[] order = [.. Enumerable.Range(0, count)];
        var random = new Random(SeedSequence.DeriveInt(options.Seed, epoch, 0));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return [.. order.Chunk(options.BatchSize)];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {Step}/{TotalSteps}: loss {Loss:F4}, lr {Rate:E2}, {TokensPerSecond:F0} tok/s")]
    private partial void LogStep(int step, int totalSteps, double loss, double rate, double tokensPerSecond);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation after step {Step}: loss {Loss:F4}")]
    private partial void LogEvaluation(int step, double loss);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming from {Path} after step {Step}")]
    private partial void LogResumed(string path, int step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported the {What} to {Path}")]
    private partial void LogExported(string what, string path);

    /// <summary>The mutable position of a run.</summary>
    private sealed class Run
    {
        public int GlobalStep { get; set; }

        public List<double> StepLosses { get; init; } = [];

        public List<EvaluationPoint> EvaluationLosses { get; init; } = [];

        public long Tokens { get; set; }

        public double TrainSeconds { get; set; }

        public float[]? TrainState { get; init; }

        public float[]? EvaluationState { get; init; }

        public bool Resumed { get; init; }
    }
}
