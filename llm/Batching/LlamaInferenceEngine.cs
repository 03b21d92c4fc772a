using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Llm.Batching;

/// <summary>
/// Continuous batching over one model and one context. Every request becomes a sequence of the
/// shared KV cache; each decode step carries the next token of every generating sequence plus
/// prompt chunks of newly admitted ones, so N conversations cost far less than N times one.
/// A single worker thread owns the context; callers only talk to it through channels.
/// </summary>
public sealed partial class LlamaInferenceEngine : IDisposable
{
    private readonly LlamaModel _model;
    private readonly bool _ownsModel;
    private readonly LlamaContext _context;
    private readonly LlamaBatch _batch;
    private readonly Channel<Job> _queue;
    private readonly Job?[] _slots;
    private readonly Thread _worker;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ILogger _logger;
    private readonly InferenceEngineOptions _options;
    private long _completed, _cancelled, _failed, _promptTokens, _generatedTokens, _decodeCalls, _reusedTokens;

    // Per sequence: the tokens whose KV is still in the cache after its last request finished (null = empty).
    private readonly List<int>?[] _cached;
    private int _queued, _active;
    private bool _disposed;

    public LlamaInferenceEngine(LlamaModel model, InferenceEngineOptions? options = null, ILogger<LlamaInferenceEngine>? logger = null, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new InferenceEngineOptions();
        _options.Validate();
        _model = model;
        _ownsModel = ownsModel;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // One sequence never needs more than the model was trained on; several share a unified
        // cache, where each may use up to the whole of it.
        var contextSize = _options.MaxParallelSequences == 1 && model.ContextLength > 0
            ? Math.Min(_options.ContextSize, model.ContextLength)
            : _options.ContextSize;
        _context = model.CreateContext(new LlamaContextOptions
        {
            ContextSize = contextSize,
            BatchSize = _options.BatchSize,
            MaxSequences = _options.MaxParallelSequences,
            Threads = _options.Threads,
            BatchThreads = _options.BatchThreads,
            UnifiedKvCache = true,
        });
        _batch = new LlamaBatch(_options.BatchSize);
        _slots = new Job?[_options.MaxParallelSequences];
        _cached = new List<int>?[_options.MaxParallelSequences];
        _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _worker = new Thread(Run) { IsBackground = true, Name = "agentrec-llama-engine" };
        _worker.Start();
    }

    public LlamaModel Model => _model;

    public InferenceEngineOptions Options => _options;

    /// <summary>Tokens of KV cache available to one request (prompt + output).</summary>
    public int ContextSize => _context.ContextSize;

    public EngineStatistics Statistics => new(
        Interlocked.Read(ref _completed), Interlocked.Read(ref _cancelled), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _promptTokens), Interlocked.Read(ref _generatedTokens), Interlocked.Read(ref _decodeCalls),
        Volatile.Read(ref _active), Volatile.Read(ref _queued), Interlocked.Read(ref _reusedTokens));

    /// <summary>
    /// Streams the tokens generated for <paramref name="request"/>. Waits while the queue is full.
    /// Cancelling, or leaving the enumeration early, frees the request's sequence at the next step.
    /// </summary>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.PromptTokens.Count + request.MaxTokens > _context.ContextSize)
        {
            throw new ArgumentException(
                $"The prompt ({request.PromptTokens.Count} tokens) plus MaxTokens ({request.MaxTokens}) exceeds the context of {_context.ContextSize} tokens.",
                nameof(request));
        }

        foreach (var token in request.PromptTokens)
        {
            if ((uint)token >= (uint)_model.VocabularySize)
            {
                throw new ArgumentException($"Prompt token {token} is outside the vocabulary (size {_model.VocabularySize}).", nameof(request));
            }
        }

        var job = new Job(request, cancellationToken);
        Interlocked.Increment(ref _queued);
        try
        {
            await _queue.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            throw;
        }

        try
        {
            await foreach (var token in job.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return token;
            }
        }
        finally
        {
            // Consumer is gone (done, cancelled, or stopped early): the worker releases the sequence.
            job.Abandon();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _shutdown.Cancel();
        _queue.Writer.TryComplete();
        _worker.Join();
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Output.Writer.TryComplete(new ObjectDisposedException(nameof(LlamaInferenceEngine)));
        }

        _batch.Dispose();
        _context.Dispose();
        _shutdown.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }

    /// <summary>Largest cached position per sequence slot (-1 = empty); lets tests see that sequences are freed.</summary>
    internal int[] SequencePositions()
    {
        // Only safe while the worker is idle; tests call it after all requests finished.
        return Enumerable.Range(0, _slots.Length).Select(_context.SequenceMaxPosition).ToArray();
    }

    private void Run()
    {
        var token = _shutdown.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                Admit();
                if (Volatile.Read(ref _active) == 0)
                {
                    if (!_queue.Reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }

                    continue;
                }

                ReleaseAbandoned();
                if (!BuildBatch())
                {
                    continue;
                }

                try
                {
                    _context.Decode(_batch);
                    Interlocked.Increment(ref _decodeCalls);
                }
                catch (LlamaException ex) when (ex.NativeCode == 1)
                {
                    EvictForSpace(ex);
                    continue;
                }
                catch (Exception ex)
                {
                    LogDecodeFailed(ex);
                    FailBatch(ex);
                    continue;
                }

                SampleAndDistribute();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i] is { } job)
                {
                    Finish(i, job, new ObjectDisposedException(nameof(LlamaInferenceEngine)));
                }
            }
        }
    }

    private void Admit()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is not null)
            {
                continue;
            }

            if (!_queue.Reader.TryRead(out var job))
            {
                return;
            }

            Interlocked.Decrement(ref _queued);
            if (job.IsAbandoned)
            {
                job.Output.Writer.TryComplete(new OperationCanceledException(job.CancellationToken));
                Interlocked.Increment(ref _cancelled);
                slot--;
                continue;
            }

            try
            {
                job.Sampler = LlamaSampler.Create(_model, job.Request.Sampling);
            }
            catch (Exception ex)
            {
                job.Output.Writer.TryComplete(ex);
                Interlocked.Increment(ref _failed);
                slot--;
                continue;
            }

            slot = Place(slot, job);
            _slots[slot] = job;
            Interlocked.Increment(ref _active);
            slot = -1; // free slots may lie before the one just used: scan again from the start
        }
    }

    /// <summary>
    /// Picks the free sequence for <paramref name="job"/>: the idle one whose cached tokens share the longest
    /// prefix with its prompt (at least one prompt token is always decoded, for the logits), else
    /// <paramref name="firstFree"/>. Drops the rest of that sequence's cache and starts the job after the prefix.
    /// </summary>
    private int Place(int firstFree, Job job)
    {
        var prompt = job.Request.PromptTokens;
        int best = firstFree, bestLength = 0;
        if (_options.ReusePromptPrefix)
        {
            for (var slot = 0; slot < _slots.Length; slot++)
            {
                if (_slots[slot] is null && _cached[slot] is { } cached)
                {
                    var length = CommonPrefix(cached, prompt);
                    if (length > bestLength)
                    {
                        (best, bestLength) = (slot, length);
                    }
                }
            }

            // A sequence with nothing reusable is better taken from those with no cache, keeping the others' caches.
            if (bestLength == 0)
            {
                for (var slot = 0; slot < _slots.Length; slot++)
                {
                    if (_slots[slot] is null && _cached[slot] is null)
                    {
                        best = slot;
                        break;
                    }
                }
            }
        }

        _cached[best] = null;
        if (bestLength == 0 || !_context.RemoveSequence(best, bestLength, -1))
        {
            // Start clean (also clears leftovers if a previous removal was partial).
            _context.RemoveSequence(best);
            bestLength = 0;
        }

        job.PromptOffset = bestLength;
        job.Position = bestLength;
        Interlocked.Add(ref _reusedTokens, bestLength);
        return best;
    }

    private static int CommonPrefix(List<int> cached, IReadOnlyList<int> prompt)
    {
        var limit = Math.Min(cached.Count, prompt.Count - 1);
        var length = 0;
        while (length < limit && cached[length] == prompt[length])
        {
            length++;
        }

        return length;
    }

    private void ReleaseAbandoned()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is { IsAbandoned: true } job)
            {
                Finish(slot, job, new OperationCanceledException(job.CancellationToken));
            }
        }
    }

    // Generation tokens first (one per sequence, so no running sequence stalls), then prompt chunks.
    private bool BuildBatch()
    {
        _batch.Clear();
        foreach (var job in _slots)
        {
            job?.SaveStep();
        }

        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is { PendingToken: { } pending } job)
            {
                job.LogitsIndex = _batch.Add(pending, job.Position++, slot, true);
                job.PendingToken = null;
            }
        }

        for (var slot = 0; slot < _slots.Length && _batch.Free > 0; slot++)
        {
            if (_slots[slot] is not { } job || job.PromptOffset >= job.Request.PromptTokens.Count)
            {
                continue;
            }

            var prompt = job.Request.PromptTokens;
            var take = Math.Min(_batch.Free, prompt.Count - job.PromptOffset);
            for (var i = 0; i < take; i++)
            {
                var last = job.PromptOffset + 1 == prompt.Count;
                var index = _batch.Add(prompt[job.PromptOffset], job.Position++, slot, last);
                if (last)
                {
                    job.LogitsIndex = index;
                }

                job.PromptOffset++;
            }

            Interlocked.Add(ref _promptTokens, take);
        }

        return _batch.Count > 0;
    }

    private void SampleAndDistribute()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is not { LogitsIndex: >= 0 } job)
            {
                continue;
            }

            var index = job.LogitsIndex;
            job.LogitsIndex = -1;
            if (job.IsAbandoned)
            {
                Finish(slot, job, new OperationCanceledException(job.CancellationToken));
                continue;
            }

            int next;
            try
            {
                next = job.Sampler!.Sample(_context, index);
            }
            catch (Exception ex)
            {
                Finish(slot, job, ex);
                continue;
            }

            job.Generated++;
            job.GeneratedTokens.Add(next);
            Interlocked.Increment(ref _generatedTokens);
            if (_model.IsEndOfGeneration(next))
            {
                job.Output.Writer.TryWrite(new GeneratedToken(next, GenerationFinish.EndOfGeneration));
                Finish(slot, job, null);
            }
            else if (job.Generated >= job.Request.MaxTokens)
            {
                job.Output.Writer.TryWrite(new GeneratedToken(next, GenerationFinish.Length));
                Finish(slot, job, null);
            }
            else
            {
                job.Output.Writer.TryWrite(new GeneratedToken(next, null));
                job.PendingToken = next;
            }
        }
    }

    private void EvictForSpace(LlamaException ex)
    {
        // Idle caches go first: they only save work, running requests need the space.
        var dropped = false;
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is null && _cached[slot] is not null)
            {
                _context.RemoveSequence(slot);
                _cached[slot] = null;
                dropped = true;
            }
        }

        if (dropped)
        {
            RewindBatch();
            return;
        }

        // The failed decode left the cache as it was. Drop the sequence holding the most positions
        // so the others can go on; its caller gets a clear error instead of a hang.
        var victim = -1;
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is { } job && (victim < 0 || job.Position > _slots[victim]!.Position))
            {
                victim = slot;
            }
        }

        // Undo this step's bookkeeping for everyone else: their tokens were not decoded.
        RewindBatch();
        if (victim >= 0)
        {
            Finish(victim, _slots[victim]!, new LlamaException($"The shared context ({_context.ContextSize} tokens) is full; this request was stopped to let others continue.", ex) { NativeCode = 1 });
        }
    }

    private void RewindBatch()
    {
        foreach (var job in _slots)
        {
            job?.RestoreStep();
        }
    }

    private void FailBatch(Exception ex)
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is { } job)
            {
                Finish(slot, job, ex);
            }
        }
    }

    private void Finish(int slot, Job job, Exception? error)
    {
        var prompt = job.Request.PromptTokens;
        if (error is null && _options.ReusePromptPrefix && job.PromptOffset == prompt.Count)
        {
            // Positions 0..Position-1 are in the cache: the prompt, then the generated tokens that were fed back.
            var cached = new List<int>(job.Position);
            cached.AddRange(prompt);
            cached.AddRange(job.GeneratedTokens.Take(job.Position - prompt.Count));
            _cached[slot] = cached;
        }
        else
        {
            _context.RemoveSequence(slot);
            _cached[slot] = null;
        }

        job.Sampler?.Dispose();
        job.Sampler = null;
        _slots[slot] = null;
        Interlocked.Decrement(ref _active);
        switch (error)
        {
            case null:
                Interlocked.Increment(ref _completed);
                break;
            case OperationCanceledException:
                Interlocked.Increment(ref _cancelled);
                break;
            default:
                Interlocked.Increment(ref _failed);
                break;
        }

        job.Output.Writer.TryComplete(error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode failed; failing the requests of this step")]
    private partial void LogDecodeFailed(Exception exception);

    private sealed class Job(GenerationRequest request, CancellationToken cancellationToken)
    {
        private volatile bool _abandoned;

        public GenerationRequest Request { get; } = request;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public Channel<GeneratedToken> Output { get; } = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public LlamaSampler? Sampler { get; set; }

        public int Position { get; set; }

        public int PromptOffset { get; set; }

        public int? PendingToken { get; set; }

        public int LogitsIndex { get; set; } = -1;

        public int Generated { get; set; }

        public List<int> GeneratedTokens { get; } = [];

        public bool IsAbandoned => _abandoned || CancellationToken.IsCancellationRequested;

        private (int Position, int PromptOffset, int? PendingToken) _stepStart;

        /// <summary>Remembers where this step started, so a decode the cache could not hold can be undone.</summary>
        public void SaveStep() => _stepStart = (Position, PromptOffset, PendingToken);

        public void RestoreStep()
        {
            (Position, PromptOffset, PendingToken) = _stepStart;
            LogitsIndex = -1;
        }

        public void Abandon() => _abandoned = true;
    }
}
