using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>
/// A llama or qwen2 decoder in TorchSharp that computes what llama.cpp computes for the same GGUF: token
/// embedding, blocks of RMSNorm → grouped-query attention with RoPE (llama.cpp's mode for the architecture)
/// → SwiGLU feed-forward, final RMSNorm and output head (tied to the embedding when the file has no
/// <c>output.weight</c>). Parameters are named as the GGUF tensors ("blk.0.attn_q.weight"); weights are kept in
/// GGUF's layout, so llama's permuted Q/K rows need no un-permuting. Fill it with <see cref="GgufWeightLoader"/>.
/// </summary>
public sealed class LlamaTorchModel : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar NegativeInfinity = float.NegativeInfinity.ToScalar();
    private static readonly Scalar Zero = 0.ToScalar();
    private static readonly Scalar One = 1.ToScalar();

    private readonly TokenEmbedding _embedding;
    private readonly RotaryEmbedding _rope;
    private readonly ModuleList<LlamaBlock> _blocks;
    private readonly RmsNorm _outputNorm;
    private readonly LlamaLinear? _output;
    private readonly List<KeyValuePair<string, LoraLayer>> _loraLayers = [];

    /// <summary>Builds the model with placeholder weights (zeros, norms one); load real ones with <see cref="GgufWeightLoader"/>.</summary>
    public LlamaTorchModel(LlamaConfig config)
        : base(nameof(LlamaTorchModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        TorchRuntime.EnsureLoaded();
        Config = config;
        _embedding = new TokenEmbedding(config.VocabularySize, config.EmbeddingLength);
        _rope = new RotaryEmbedding(config);
        _blocks = new ModuleList<LlamaBlock>();
        for (var i = 0; i < config.BlockCount; i++)
        {
            _blocks.Add(new LlamaBlock(config, i, _rope));
        }

        _outputNorm = new RmsNorm(config.EmbeddingLength, config.RmsNormEpsilon);
        register_module("token_embd", _embedding);
        if (config.RopeFrequencyFactors)
        {
            register_module("rope_freqs", _rope);
        }

        register_module("blk", _blocks);
        register_module("output_norm", _outputNorm);
        if (!config.TiedOutput)
        {
            _output = new LlamaLinear(config.EmbeddingLength, config.VocabularySize, bias: false);
            register_module("output", _output);
        }
    }

    public LlamaConfig Config { get; }

    /// <summary>
    /// Whether attention rounds q, k, v and its probabilities to float16, reproducing llama.cpp's default F16 KV
    /// cache (without flash attention) for bit-close parity checks; training and export leave it off.
    /// </summary>
    public bool RoundAttentionToHalf
    {
        get => _blocks.Count > 0 && _blocks[0].RoundAttentionToHalf;
        set
        {
            foreach (var block in _blocks)
            {
                block.RoundAttentionToHalf = value;
            }
        }
    }

    /// <summary>The options of the attached LoRA adapters; null before <see cref="AttachLora"/>.</summary>
    public LoraOptions? LoraOptions { get; private set; }

    /// <summary>Adapters by the GGUF name of the weight they adapt ("blk.0.attn_q.weight"), in block order.</summary>
    public IReadOnlyList<KeyValuePair<string, LoraLayer>> LoraLayers => _loraLayers;

    /// <summary>tokens [batch, time] → logits [batch, time, vocab] for positions 0 … time − 1.</summary>
    public override Tensor forward(Tensor tokens) => Forward(tokens, cache: null);

    /// <inheritdoc cref="forward(Tensor)"/>
    public Tensor Forward(Tensor tokens) => Forward(tokens, cache: null);

    /// <summary>
    /// Logits [batch, time, vocab] for <paramref name="tokens"/> [batch, time] placed after the tokens already in
    /// <paramref name="cache"/> (positions cache.Length …), which it then also holds. Causal: each token sees
    /// itself and the tokens before it.
    /// </summary>
    public Tensor Forward(Tensor tokens, LlamaKvCache? cache)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.dim() != 2 || tokens.shape[1] == 0)
        {
            throw new ArgumentException($"Tokens must be a [batch, time] tensor with time ≥ 1, not [{string.Join(", ", tokens.shape)}].", nameof(tokens));
        }

        if (cache is not null && cache.Layers != Config.BlockCount)
        {
            throw new ArgumentException($"The cache has {cache.Layers} layers but the model has {Config.BlockCount}.", nameof(cache));
        }

        using var scope = NewDisposeScope();
        var ids = AsIds(tokens);
        var start = cache?.Length ?? 0;
        var time = ids.shape[1];
        var (cos, sin) = _rope.Angles(start, time);

        // Query i (position start + i) may attend keys 0 … start + i.
        var blocked = torch.ones(time, start + time, ScalarType.Bool).triu(start + 1);
        var mask = torch.zeros(time, start + time).masked_fill_(blocked, NegativeInfinity);
        var logits = Run(ids, cos, sin, mask, cache);
        cache?.Advance(time);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [batch, time, vocab] of a padded batch: <paramref name="attentionMask"/> [batch, time] is 1 (or true)
    /// at real tokens and 0 at padding, on either side. Each row's real tokens get positions 0, 1, … and attend only
    /// earlier real tokens of their row, so a row's logits at real tokens equal those of the row alone; logits at
    /// padding are finite and meaningless.
    /// </summary>
    public Tensor Forward(Tensor tokens, Tensor attentionMask)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(attentionMask);
        if (tokens.dim() != 2 || tokens.shape[1] == 0)
        {
            throw new ArgumentException($"Tokens must be a [batch, time] tensor with time ≥ 1, not [{string.Join(", ", tokens.shape)}].", nameof(tokens));
        }

        if (!attentionMask.shape.SequenceEqual(tokens.shape))
        {
            throw new ArgumentException($"The attention mask is [{string.Join(", ", attentionMask.shape)}] but the tokens are [{string.Join(", ", tokens.shape)}].", nameof(attentionMask));
        }

        using var scope = NewDisposeScope();
        var ids = AsIds(tokens);
        var time = ids.shape[1];
        var real = attentionMask.to_type(ScalarType.Bool);
        var positions = real.to_type(ScalarType.Int64).cumsum(1).sub_(One).clamp_min_(Zero);
        var (cos, sin) = _rope.Angles(positions);

        // Blocked: later keys and padding keys; a query may always see itself, so padding rows stay finite.
        var later = torch.ones(time, time, ScalarType.Bool).triu(1);
        var padding = real.logical_not().unsqueeze(1);
        var self = torch.eye(time, dtype: ScalarType.Bool);
        var blocked = later.logical_or(padding).logical_and_(self.logical_not()).unsqueeze(1);
        var mask = torch.zeros(ids.shape[0], 1, time, time).masked_fill_(blocked, NegativeInfinity);
        return Run(ids, cos, sin, mask, cache: null).MoveToOuterDisposeScope();
    }

    private Tensor Run(Tensor ids, Tensor cos, Tensor sin, Tensor mask, LlamaKvCache? cache)
    {
        var x = _embedding.forward(ids);
        foreach (var block in _blocks)
        {
            x = block.Forward(x, cos, sin, mask, cache);
        }

        x = _outputNorm.forward(x);
        return _output is null ? nn.functional.linear(x, _embedding.Weight) : _output.forward(x);
    }

    private static Tensor AsIds(Tensor tokens) => tokens.dtype == ScalarType.Int64 ? tokens.alias() : tokens.to_type(ScalarType.Int64);

    /// <summary>A cache sized for this model.</summary>
    public LlamaKvCache CreateCache() => new(Config.BlockCount);

    /// <summary>
    /// Greedy decoding with the KV cache: feeds <paramref name="prompt"/>, then appends the arg-max token up to
    /// <paramref name="maxNewTokens"/> times, stopping after a token for which <paramref name="stop"/> is true.
    /// Returns only the new tokens. Runs without gradients in evaluation mode (dropout off).
    /// </summary>
    public int[] Generate(IReadOnlyList<int> prompt, int maxNewTokens, Func<int, bool>? stop = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt needs at least one token.", nameof(prompt));
        }

        foreach (var token in prompt)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(token, nameof(prompt));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(token, Config.VocabularySize, nameof(prompt));
        }

        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            using var cache = CreateCache();
            var generated = new List<int>(maxNewTokens);
            long[] next = prompt.Select(t => (long)t).ToArray();
            while (generated.Count < maxNewTokens)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var logits = Forward(torch.tensor(next, [1, next.Length]), cache);
                var token = (int)logits[0, -1].argmax().item<long>();
                generated.Add(token);
                if (stop?.Invoke(token) == true)
                {
                    break;
                }

                next = [token];
            }

            return [.. generated];
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>
    /// Adds a <see cref="LoraLayer"/> to the chosen projections of every block and freezes every other parameter,
    /// so only the adapters train. Returns the GGUF names of the adapted weights.
    /// </summary>
    public IReadOnlyList<string> AttachLora(LoraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (LoraOptions is not null)
        {
            throw new InvalidOperationException("LoRA adapters are already attached to this model.");
        }

        foreach (var parameter in parameters())
        {
            parameter.requires_grad = false;
        }

        using var generator = new Generator((ulong)options.Seed);
        for (var i = 0; i < _blocks.Count; i++)
        {
            foreach (var target in options.Targets)
            {
                var linear = _blocks[i].Linears[target];
                var lora = new LoraLayer(linear.InFeatures, linear.OutFeatures, options, generator);
                linear.Attach(lora);
                _loraLayers.Add(new($"blk.{i}.{target}.weight", lora));
            }
        }

        LoraOptions = options;
        return _loraLayers.Select(l => l.Key).ToList();
    }

    /// <summary>The adapters' parameters (A and B of every layer): what an optimizer should update.</summary>
    public IEnumerable<Parameter> LoraParameters() => _loraLayers.SelectMany(l => l.Value.parameters());

    /// <summary>
    /// Every tensor that corresponds to a GGUF tensor, by GGUF name, with the adapter of that weight if any.
    /// Shapes are the GGUF dimensions reversed (ggml's ne[0] is the fastest axis).
    /// </summary>
    internal IEnumerable<(string Name, Tensor Tensor, LoraLayer? Lora)> GgufTensors()
    {
        yield return ("token_embd.weight", _embedding.Weight, null);
        if (Config.RopeFrequencyFactors)
        {
            yield return ("rope_freqs.weight", _rope.Factors, null);
        }

        for (var i = 0; i < _blocks.Count; i++)
        {
            var block = _blocks[i];
            var prefix = $"blk.{i}.";
            yield return (prefix + "attn_norm.weight", block.AttnNorm.Weight, null);
            foreach (var (name, linear) in block.Linears)
            {
                yield return (prefix + name + ".weight", linear.Weight, linear.Lora);
                if (linear.Bias is { } bias)
                {
                    yield return (prefix + name + ".bias", bias, null);
                }
            }

            yield return (prefix + "ffn_norm.weight", block.FfnNorm.Weight, null);
        }

        yield return ("output_norm.weight", _outputNorm.Weight, null);
        if (_output is not null)
        {
            yield return ("output.weight", _output.Weight, null);
        }
    }

    /// <summary>
    /// Seeded random weights (normal with <paramref name="std"/>, norms one, biases zero) for a model trained from
    /// scratch rather than loaded.
    /// </summary>
    public void InitializeRandom(long seed, float std = 0.02f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(std);
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (name, tensor, _) in GgufTensors())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal) || name == "rope_freqs.weight")
            {
                tensor.fill_(1);
            }
            else if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                tensor.zero_();
            }
            else
            {
                tensor.normal_(0, std, generator);
            }
        }
    }
}
