using System.Diagnostics;
using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AgentRec.Core.Randomness;

namespace AgentRec.Sequential.Training;

/// <summary>
/// Trains any <see cref="SequentialModel"/> on a leave-one-out split: Adam, shuffled user batches,
/// validation NDCG@10 (full ranking) for early stopping, resumable checkpoints, progress reports and
/// cancellation. Every step's randomness (dropout, augmentations) is derived from (seed, epoch, step),
/// and the data order from (seed, epoch), so a resumed run ends with the weights of an uninterrupted one.
/// </summary>
public sealed partial class SequentialTrainer
{
    private readonly ILogger _logger;

    public SequentialTrainer(ILogger<SequentialTrainer>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs <see cref="Train"/> on a dedicated thread.</summary>
    public Task<TrainingResult> TrainAsync(
        SequentialModel model,
        LeaveOneOutSplit split,
        TrainingOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Train(model, split, options, progress, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// Trains <paramref name="model"/> in place and leaves it holding the best validation weights.
    /// On cancellation the current position is checkpointed (when a checkpoint path is set) before
    /// <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid, or the split has no user to train on.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to another model, data set, seed or batch size.</exception>
    /// <exception cref="InvalidDataException">The checkpoint file is damaged.</exception>
    public TrainingResult Train(
        SequentialModel model,
        LeaveOneOutSplit split,
        TrainingOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (split.Dataset.ItemCount != model.ItemCount)
        {
            throw new ArgumentException($"The model has {model.ItemCount} items but the split's catalogue has {split.Dataset.ItemCount}.", nameof(model));
        }

        torch.set_num_threads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        if (options.ReuseFreedMemory)
        {
            HeapTuning.KeepFreedMemory();
        }

        int[][] trainSequences = [.. split.Train.Select(s => s.Items.ToArray())];
        int[] trainable = [.. Enumerable.Range(0, trainSequences.Length).Where(u => trainSequences[u].Length >= 2)];
        if (trainable.Length < 2)
        {
            throw new ArgumentException($"The split has {trainable.Length} users with at least two train items; training needs two or more.", nameof(split));
        }

        IReadOnlyList<SequenceExample> valid = ValidationSubset(split.Valid, options);
        int stepsPerEpoch = Batches(trainable, trainSequences, options, epoch: 0).Length;
        if (options.MaxStepsPerEpoch is int cap)
        {
            stepsPerEpoch = Math.Min(stepsPerEpoch, cap);
        }

        using var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        Run run = Start(model, optimizer, trainSequences.Length, options);
        model.train();

        // A checkpoint of a run that already stopped early resumes into nothing to do.
        bool stoppedEarly = run.EvaluationsSinceBest >= options.Patience;
        while (run.Epoch < options.Epochs && !stoppedEarly)
        {
            int[][] batches = Batches(trainable, trainSequences, options, run.Epoch);
            var clock = Stopwatch.StartNew();
            for (; run.Step < stepsPerEpoch; run.Step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    run.TrainSeconds += clock.Elapsed.TotalSeconds;
                    SaveCheckpoint(model, optimizer, run, trainSequences.Length, options);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                double loss = TrainStep(model, optimizer, run, batches[run.Step], trainSequences, options);
                progress?.Report(new TrainingProgress(
                    TrainingPhase.Training, run.Epoch + 1, options.Epochs, run.Step + 1, stepsPerEpoch,
                    run.LossSums["loss"] / (run.Step + 1), run.LastValidNdcg10, run.BestEpoch > 0 ? run.BestNdcg10 : null));
                if (!double.IsFinite(loss))
                {
                    throw new InvalidOperationException($"Training diverged: loss {loss} at epoch {run.Epoch + 1}, step {run.Step + 1}. Lower the learning rate.");
                }

                if (options.CheckpointEverySteps > 0 && (run.Step + 1) % options.CheckpointEverySteps == 0 && run.Step + 1 < stepsPerEpoch)
                {
                    run.Step++;
                    run.TrainSeconds += clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    SaveCheckpoint(model, optimizer, run, trainSequences.Length, options);
                    run.Step--;
                }
            }

            run.TrainSeconds += clock.Elapsed.TotalSeconds;
            int epochNumber = run.Epoch + 1;
            RankingMetrics? metrics = null;
            double evaluationSeconds = 0;
            if (epochNumber % options.EvaluateEvery == 0 || epochNumber == options.Epochs)
            {
                progress?.Report(new TrainingProgress(
                    TrainingPhase.Evaluating, epochNumber, options.Epochs, stepsPerEpoch, stepsPerEpoch,
                    run.LossSums["loss"] / stepsPerEpoch, run.LastValidNdcg10, run.BestEpoch > 0 ? run.BestNdcg10 : null));
                var evaluationClock = Stopwatch.StartNew();
                try
                {
                    metrics = FullRankingEvaluator.Evaluate(model, valid, options.EvaluationBatchSize, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Every step of this epoch is done: a resumed run goes straight to validation.
                    SaveCheckpoint(model, optimizer, run, trainSequences.Length, options);
                    throw;
                }

                evaluationSeconds = evaluationClock.Elapsed.TotalSeconds;
                run.LastValidNdcg10 = metrics.Ndcg10;
                if (run.BestEpoch == 0 || metrics.Ndcg10 > run.BestNdcg10)
                {
                    run.BestNdcg10 = metrics.Ndcg10;
                    run.BestEpoch = epochNumber;
                    run.BestValid = metrics;
                    run.Best = WeightSnapshot.Capture(model);
                    run.EvaluationsSinceBest = 0;
                }
                else
                {
                    run.EvaluationsSinceBest++;
                }
            }

            var parts = run.LossSums.Where(p => p.Key != "loss").ToDictionary(p => p.Key, p => p.Value / stepsPerEpoch);
            var record = new EpochRecord(epochNumber, run.LossSums["loss"] / stepsPerEpoch, parts, run.TrainSeconds, evaluationSeconds, metrics);
            run.History.Add(record);
            LogEpoch(epochNumber, record.Loss, record.TrainSeconds, metrics?.HitRate10 ?? double.NaN, metrics?.Ndcg10 ?? double.NaN);

            run.Epoch++;
            run.Step = 0;
            run.LossSums.Clear();
            run.TrainSeconds = 0;
            stoppedEarly = run.EvaluationsSinceBest >= options.Patience;
            SaveCheckpoint(model, optimizer, run, trainSequences.Length, options);
            if (stoppedEarly)
            {
                LogStopped(run.BestEpoch, run.BestNdcg10);
                break;
            }
        }

        run.Best?.Restore(model);
        progress?.Report(new TrainingProgress(
            TrainingPhase.Finished, run.Epoch, options.Epochs, 0, stepsPerEpoch, run.History.Count > 0 ? run.History[^1].Loss : double.NaN,
            run.LastValidNdcg10, run.BestEpoch > 0 ? run.BestNdcg10 : null));
        double meanSeconds = run.History.Count > 0 ? run.History.Average(e => e.TrainSeconds) : 0;
        return new TrainingResult(run.History, run.BestEpoch, run.BestValid, stoppedEarly, run.Resumed, meanSeconds);
    }

    private static double TrainStep(SequentialModel model, OptimizerHelper optimizer, Run run, int[] users, int[][] trainSequences, TrainingOptions options)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(SeedSequence.Derive(options.Seed, run.Epoch, run.Step, 1));
        var random = new Random(SeedSequence.DeriveInt(options.Seed, run.Epoch, run.Step, 2));
        var batch = new TrainingBatch(users, trainSequences, model.Backbone.MaxLength, random);

        var parts = new Dictionary<string, double>(StringComparer.Ordinal);
        optimizer.zero_grad();
        Tensor loss = model.Loss(batch, options.LossPositions, parts);
        loss.backward();
        optimizer.step();

        double value = loss.item<float>();
        parts["loss"] = value;
        foreach ((string name, double part) in parts)
        {
            run.LossSums[name] = run.LossSums.GetValueOrDefault(name) + part;
        }

        return value;
    }

    private Run Start(SequentialModel model, OptimizerHelper optimizer, int userCount, TrainingOptions options)
    {
        if (options.CheckpointPath is not { } path || !File.Exists(path))
        {
            return new Run();
        }

        TrainingCheckpoint checkpoint = TrainingCheckpoint.Load(path);
        checkpoint.CheckCompatible(path, model, userCount, options);
        checkpoint.Model.Restore(model);
        using (var stream = new MemoryStream(checkpoint.Optimizer))
        using (var reader = new BinaryReader(stream))
        {
            optimizer.load_state_dict(reader);
        }

        CheckpointState state = checkpoint.State;
        LogResumed(path, state.Epoch + 1, state.Step);
        return new Run
        {
            Epoch = state.Epoch,
            Step = state.Step,
            LossSums = new Dictionary<string, double>(state.PartialLossSums, StringComparer.Ordinal),
            TrainSeconds = state.PartialTrainSeconds,
            BestNdcg10 = state.BestNdcg10,
            BestEpoch = state.BestEpoch,
            BestValid = state.BestValid,
            Best = checkpoint.Best,
            EvaluationsSinceBest = state.EvaluationsSinceBest,
            LastValidNdcg10 = state.History.LastOrDefault(h => h.Valid is not null)?.Valid?.Ndcg10,
            History = state.History,
            Resumed = true,
        };
    }

    private static void SaveCheckpoint(SequentialModel model, OptimizerHelper optimizer, Run run, int userCount, TrainingOptions options)
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

        var checkpoint = new TrainingCheckpoint
        {
            State = new CheckpointState
            {
                Kind = model.Kind,
                ItemCount = model.ItemCount,
                UserCount = userCount,
                Seed = options.Seed,
                BatchSize = options.BatchSize,
                Epoch = run.Epoch,
                Step = run.Step,
                PartialLossSums = new Dictionary<string, double>(run.LossSums, StringComparer.Ordinal),
                PartialTrainSeconds = run.TrainSeconds,
                BestNdcg10 = run.BestNdcg10,
                BestEpoch = run.BestEpoch,
                BestValid = run.BestValid,
                EvaluationsSinceBest = run.EvaluationsSinceBest,
                History = run.History,
            },
            Model = WeightSnapshot.Capture(model),
            Best = run.Best,
            Optimizer = optimizerState,
        };
        checkpoint.Save(options.CheckpointPath);
    }

    /// <summary>
    /// The epoch's batches, a pure function of (seed, epoch). Users are shuffled; with length bucketing
    /// each run of <see cref="TrainingOptions.BucketBatches"/> batches' worth of users is sorted by
    /// sequence length before it is cut into batches, and the batches are shuffled again. A batch is
    /// as wide as its longest sequence, so grouping similar lengths removes most of the padding work
    /// (Beauty: median 6 items against a maximum length of 50).
    /// </summary>
    private static int[][] Batches(int[] trainable, int[][] trainSequences, TrainingOptions options, int epoch)
    {
        int[] order = Shuffle(trainable, SeedSequence.DeriveInt(options.Seed, epoch, 0));
        int pool = options.BucketBatches > 0 ? options.BucketBatches * options.BatchSize : order.Length;
        var batches = new List<int[]>(order.Length / options.BatchSize + 2);
        for (int start = 0; start < order.Length; start += pool)
        {
            int[] users = order[start..Math.Min(start + pool, order.Length)];
            if (options.BucketBatches > 0)
            {
                users = [.. users.OrderBy(u => trainSequences[u].Length).ThenBy(u => u)];
            }

            for (int b = 0; b < users.Length; b += options.BatchSize)
            {
                batches.Add(users[b..Math.Min(b + options.BatchSize, users.Length)]);
            }
        }

        if (options.BucketBatches == 0)
        {
            return [.. batches];
        }

        int[] batchOrder = Shuffle([.. Enumerable.Range(0, batches.Count)], SeedSequence.DeriveInt(options.Seed, epoch, 3));
        return [.. batchOrder.Select(i => batches[i])];
    }

    private static IReadOnlyList<SequenceExample> ValidationSubset(IReadOnlyList<SequenceExample> valid, TrainingOptions options)
    {
        if (options.ValidationUsers is not int cap || cap >= valid.Count)
        {
            return valid;
        }

        int[] picked = Shuffle([.. Enumerable.Range(0, valid.Count)], SeedSequence.DeriveInt(options.Seed, -1))[..cap];
        Array.Sort(picked);
        return [.. picked.Select(i => valid[i])];
    }

    private static int[] Shuffle(int[] items, int seed)
    {
        int[] result = [.. items];
        var random = new Random(seed);
        for (int i = result.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Epoch {Epoch}: loss {Loss:F4}, {Seconds:F1} s; valid HR@10 {HitRate10:F4} NDCG@10 {Ndcg10:F4}")]
    private partial void LogEpoch(int epoch, double loss, double seconds, double hitRate10, double ndcg10);

    [LoggerMessage(Level = LogLevel.Information, Message = "Early stop: best valid NDCG@10 {Ndcg10:F4} at epoch {Epoch}")]
    private partial void LogStopped(int epoch, double ndcg10);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming from {Path} at epoch {Epoch}, step {Step}")]
    private partial void LogResumed(string path, int epoch, int step);

    /// <summary>The mutable position of a training run.</summary>
    private sealed class Run
    {
        public int Epoch { get; set; }

        public int Step { get; set; }

        public Dictionary<string, double> LossSums { get; set; } = new(StringComparer.Ordinal);

        public double TrainSeconds { get; set; }

        public double BestNdcg10 { get; set; }

        public int BestEpoch { get; set; }

        public RankingMetrics? BestValid { get; set; }

        public WeightSnapshot? Best { get; set; }

        public int EvaluationsSinceBest { get; set; }

        public double? LastValidNdcg10 { get; set; }

        public List<EpochRecord> History { get; set; } = [];

        public bool Resumed { get; set; }
    }
}
