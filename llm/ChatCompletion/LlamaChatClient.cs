using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AgentRec.Llm.Batching;
using AgentRec.Llm.Grammar;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.ChatCompletion;

/// <summary>
/// <see cref="IChatClient"/> over a local GGUF model. Requests share the model through the
/// continuous-batching <see cref="LlamaInferenceEngine"/>; structured output and tool calls are
/// enforced with GBNF grammars, so they always parse.
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    // llama.cpp matches lazy-grammar patterns from the start of the output and feeds the grammar
    // from the first capture group: free text until the tool-call tag, then constrained.
    private static readonly string ToolTriggerPattern = @"[\s\S]*?(" + System.Text.RegularExpressions.Regex.Escape(ToolCallGrammar.TriggerText) + @"[\s\S]*)";

    private readonly LlamaInferenceEngine _engine;
    private readonly LlamaChatClientOptions _options;
    private readonly ChatClientMetadata _metadata;
    private long _callCounter;

    public LlamaChatClient(LlamaInferenceEngine engine, LlamaChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? new LlamaChatClientOptions();
        var model = engine.Model;
        ModelId = _options.ModelId ?? model.Name ?? Path.GetFileNameWithoutExtension(model.FilePath);
        _metadata = new ChatClientMetadata("llama.cpp", new Uri(model.FilePath), ModelId);
    }

    public string ModelId { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var plan = Plan(messages, options);
        var responseId = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        var text = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[64];
        var emitted = 0;
        var outputTokens = 0;
        ChatFinishReason finish = ChatFinishReason.Stop;

        ChatResponseUpdate Update(IList<AIContent> contents) => new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            CreatedAt = created,
            ModelId = ModelId,
        };

        await foreach (var generated in _engine.GenerateAsync(plan.Request, cancellationToken).ConfigureAwait(false))
        {
            outputTokens++;
            if (generated.Finish == GenerationFinish.EndOfGeneration)
            {
                break;
            }

            if (generated.Finish == GenerationFinish.Length)
            {
                finish = ChatFinishReason.Length;
            }

            var piece = _engine.Model.TokenToPiece(generated.Token);
            var count = decoder.GetChars(piece, 0, piece.Length, chars.Length >= piece.Length * 2 ? chars : chars = new char[piece.Length * 2], 0, flush: false);
            text.Append(chars, 0, count);

            var stopAt = StopMatcher.FindStop(text, plan.StopSequences);
            if (stopAt >= 0)
            {
                text.Length = stopAt;
                finish = ChatFinishReason.Stop;
            }

            var safe = stopAt >= 0 ? text.Length : text.Length - StopMatcher.PendingPrefixLength(text, plan.HoldBackMarkers);
            if (plan.Tools is not null)
            {
                var toolStart = text.ToString().IndexOf(ToolCallGrammar.TriggerText, StringComparison.Ordinal);
                if (toolStart >= 0)
                {
                    safe = Math.Min(safe, toolStart);
                }
            }

            if (safe > emitted)
            {
                yield return Update([new TextContent(text.ToString(emitted, safe - emitted))]);
                emitted = safe;
            }

            if (stopAt >= 0)
            {
                break;
            }
        }

        var tail = decoder.GetChars([], 0, 0, chars, 0, flush: true);
        text.Append(chars, 0, tail);

        var final = new List<AIContent>();
        var full = text.ToString();
        if (plan.Tools is not null && full.Contains(ToolCallGrammar.TriggerText, StringComparison.Ordinal))
        {
            var parsed = ToolCallParser.Parse(full);
            var remaining = parsed.Text;
            var unsent = remaining.Length > emitted ? remaining[emitted..] : string.Empty;
            if (unsent.Length > 0)
            {
                final.Add(new TextContent(unsent));
            }

            foreach (var call in parsed.Calls)
            {
                final.Add(new FunctionCallContent($"call_{Interlocked.Increment(ref _callCounter)}", call.Name, call.Arguments));
            }

            if (parsed.Calls.Count > 0)
            {
                finish = ChatFinishReason.ToolCalls;
            }
            else if (parsed.Errors.Count > 0 && unsent.Length == 0)
            {
                // A cut-off tool call (token limit) stays visible as text rather than vanishing.
                final.Add(new TextContent(full[emitted..]));
            }
        }
        else if (full.Length > emitted)
        {
            final.Add(new TextContent(full[emitted..]));
        }

        final.Add(new UsageContent(new UsageDetails
        {
            InputTokenCount = plan.Request.PromptTokens.Count,
            OutputTokenCount = outputTokens,
            TotalTokenCount = plan.Request.PromptTokens.Count + outputTokens,
        }));
        var last = Update(final);
        last.FinishReason = finish;
        yield return last;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(LlamaModel))
        {
            return _engine.Model;
        }

        if (serviceType == typeof(LlamaInferenceEngine))
        {
            return _engine;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The engine is shared and owned by whoever created it (usually the DI container).
    }

    private RequestPlan Plan(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var model = _engine.Model;
        var tools = ActiveTools(options, out var requireTool);
        var prompt = ChatPromptBuilder.Build(model, messages, tools, _options.ChatTemplate);
        var tokens = model.Tokenize(prompt, addSpecial: true, parseSpecial: true);
        if (tokens.Length > 1 && tokens[0] == model.BosToken && tokens[1] == model.BosToken)
        {
            tokens = tokens[1..]; // the template already wrote BOS
        }

        var available = _engine.ContextSize - tokens.Length;
        if (available < 1)
        {
            throw new ArgumentException($"The conversation is {tokens.Length} tokens long; the context holds {_engine.ContextSize}. Shorten the history.", nameof(messages));
        }

        var maxTokens = Math.Min(options?.MaxOutputTokens ?? _options.DefaultMaxOutputTokens, available);
        if (maxTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options?.MaxOutputTokens, "MaxOutputTokens must be >= 1.");
        }

        var sampling = Sampling(options, tools, requireTool);
        var stops = options?.StopSequences?.Where(s => !string.IsNullOrEmpty(s)).ToArray() ?? [];
        var holdBack = tools is null ? stops : [.. stops, ToolCallGrammar.TriggerText];
        return new RequestPlan(new GenerationRequest(tokens, sampling, maxTokens), stops, holdBack, tools);
    }

    private SamplingOptions Sampling(ChatOptions? options, IReadOnlyList<AIFunctionDeclaration>? tools, bool requireTool)
    {
        var sampling = _options.DefaultSampling;
        if (options is null)
        {
            return tools is null ? sampling : WithToolGrammar(sampling, tools, requireTool, _options.JsonGrammar);
        }

        sampling = sampling with
        {
            Temperature = options.Temperature ?? sampling.Temperature,
            TopP = options.TopP ?? sampling.TopP,
            TopK = options.TopK ?? sampling.TopK,
            FrequencyPenalty = options.FrequencyPenalty ?? sampling.FrequencyPenalty,
            PresencePenalty = options.PresencePenalty ?? sampling.PresencePenalty,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : sampling.Seed,
            MinP = ReadFloat(options, "min_p") ?? sampling.MinP,
            RepeatPenalty = ReadFloat(options, "repeat_penalty") ?? sampling.RepeatPenalty,
        };

        var json = _options.JsonGrammar;
        if (ReadFloat(options, "max_string_length") is { } maxString)
        {
            json = json with { DefaultMaxStringLength = maxString >= 0 && maxString == MathF.Floor(maxString) ? (int)maxString : throw new ArgumentException($"ChatOptions.AdditionalProperties['max_string_length'] must be a whole number >= 0, got {maxString}.") };
        }

        if (ReadString(options, "grammar") is { } grammar)
        {
            return sampling with { Grammar = grammar };
        }

        switch (options.ResponseFormat)
        {
            case ChatResponseFormatJson { Schema: { } schema }:
                return sampling with { Grammar = JsonSchemaGrammar.FromSchema(schema, json) };
            case ChatResponseFormatJson:
                return sampling with { Grammar = JsonSchemaGrammar.ForAnyObject(json) };
        }

        return tools is null ? sampling : WithToolGrammar(sampling, tools, requireTool, json);
    }

    private static SamplingOptions WithToolGrammar(SamplingOptions sampling, IReadOnlyList<AIFunctionDeclaration> tools, bool requireTool, JsonGrammarOptions json) => sampling with
    {
        Grammar = ToolCallGrammar.Build(tools, options: json),
        GrammarTriggerPatterns = requireTool ? null : [ToolTriggerPattern],
    };

    private static IReadOnlyList<AIFunctionDeclaration>? ActiveTools(ChatOptions? options, out bool requireTool)
    {
        requireTool = false;
        if (options?.Tools is not { Count: > 0 } || options.ToolMode is NoneChatToolMode)
        {
            return null;
        }

        var functions = options.Tools.OfType<AIFunctionDeclaration>().ToList();
        if (functions.Count == 0)
        {
            return null;
        }

        if (options.ToolMode is RequiredChatToolMode required)
        {
            requireTool = true;
            if (required.RequiredFunctionName is { } name)
            {
                functions = functions.Where(f => f.Name == name).ToList();
                if (functions.Count == 0)
                {
                    throw new ArgumentException($"ToolMode requires function '{name}', which is not among the tools.", nameof(options));
                }
            }
        }

        return functions;
    }

    private static float? ReadFloat(ChatOptions options, string key) =>
        options.AdditionalProperties?.TryGetValue(key, out var value) == true
            ? value switch
            {
                float f => f,
                double d => (float)d,
                int i => i,
                JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
                string s when float.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw new ArgumentException($"ChatOptions.AdditionalProperties['{key}'] must be a number, got '{value}'."),
            }
            : null;

    private static string? ReadString(ChatOptions options, string key) =>
        options.AdditionalProperties?.TryGetValue(key, out var value) == true ? value?.ToString() : null;

    private sealed record RequestPlan(GenerationRequest Request, string[] StopSequences, string[] HoldBackMarkers, IReadOnlyList<AIFunctionDeclaration>? Tools);
}
