using System.Numerics.Tensors;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Embeddings;

/// <summary>
/// Text embeddings from a local GGUF model: texts are packed as separate sequences into one batch,
/// decoded once, pooled per sequence and (by default) L2-normalised. Calls are serialised on one context.
/// </summary>
public sealed class LlamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LlamaModel _model;
    private readonly LlamaContext _context;
    private readonly LlamaBatch _batch;
    private readonly LlamaEmbeddingOptions _options;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LlamaEmbeddingGenerator(LlamaModel model, LlamaEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new LlamaEmbeddingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxSequences, 1);
        _model = model;
        _context = model.CreateContext(new LlamaContextOptions
        {
            ContextSize = _options.BatchSize * Math.Min(_options.MaxSequences, 4),
            BatchSize = _options.BatchSize,
            MaxSequences = _options.MaxSequences,
            Embeddings = true,
            Pooling = _options.Pooling,
            UnifiedKvCache = true,
        });
        if (_context.Pooling == LlamaPooling.None)
        {
            _context.Dispose();
            throw new ArgumentException("Embeddings need a pooling type other than None.", nameof(options));
        }

        _batch = new LlamaBatch(_options.BatchSize);
        _metadata = new EmbeddingGeneratorMetadata("llama.cpp", new Uri(model.FilePath), _options.ModelId ?? model.Name, model.EmbeddingSize);
    }

    public int Dimensions => _model.EmbeddingSize;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var tokenized = texts.Select(Tokenize).ToList();
        var vectors = new float[texts.Count][];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = 0;
            while (next < tokenized.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _batch.Clear();
                _context.ClearMemory();
                var first = next;
                while (next < tokenized.Count && next - first < _options.MaxSequences && _batch.Free >= tokenized[next].Length)
                {
                    var tokens = tokenized[next];
                    for (var i = 0; i < tokens.Length; i++)
                    {
                        _batch.Add(tokens[i], i, next - first, true);
                    }

                    next++;
                }

                await Task.Run(() => _context.Decode(_batch), cancellationToken).ConfigureAwait(false);
                for (var i = first; i < next; i++)
                {
                    var vector = _context.GetSequenceEmbedding(i - first).ToArray();
                    if (_options.Normalize)
                    {
                        var norm = TensorPrimitives.Norm<float>(vector);
                        if (norm > 0)
                        {
                            TensorPrimitives.Divide(vector, norm, vector);
                        }
                    }

                    vectors[i] = vector;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { CreatedAt = created, ModelId = _metadata.DefaultModelId }))
        {
            Usage = new UsageDetails { InputTokenCount = tokenized.Sum(t => t.Length) },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : serviceType == typeof(LlamaModel) ? _model : null;
    }

    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
        _gate.Dispose();
    }

    // Texts longer than one batch are truncated: pooling needs the whole sequence in one decode.
    private int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = _model.Tokenize(text, addSpecial: true);
        if (tokens.Length == 0)
        {
            tokens = [_model.BosToken];
        }

        return tokens.Length > _options.BatchSize ? tokens[.._options.BatchSize] : tokens;
    }
}
