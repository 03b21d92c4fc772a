using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace AgentRec.Llm.Remote;

/// <summary>
/// Carries the sampling settings that the OpenAI chat schema lacks, but llama-server and vLLM read, into the
/// request body: <see cref="ChatOptions.TopK"/> as <c>top_k</c>, a few sampler knobs from
/// <see cref="ChatOptions.AdditionalProperties"/>, and <see cref="ChatOptions.MaxOutputTokens"/> also as the
/// legacy <c>max_tokens</c> (the SDK sends only <c>max_completion_tokens</c>, which older llama-server builds ignore).
/// </summary>
/// <remarks>
/// The fields go through the SDK's own extension point, <see cref="ChatOptions.RawRepresentationFactory"/> returning a
/// <see cref="ChatCompletionOptions"/> whose JSON patch adds them; the wire protocol stays the SDK's.
/// </remarks>
internal sealed class SamplingFieldsChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    /// <summary>
    /// <see cref="ChatOptions.AdditionalProperties"/> keys forwarded verbatim. Both servers accept all of them
    /// (an unknown field is ignored by llama-server and only logged by vLLM), so no per-server switch is needed.
    /// </summary>
    internal static IReadOnlyList<string> ForwardedKeys { get; } =
        ["top_k", "min_p", "typical_p", "repeat_penalty", "repeat_last_n", "repetition_penalty"];

    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithSamplingFields(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithSamplingFields(options), cancellationToken);

    /// <summary>Returns the options to send: the caller's unchanged when nothing needs adding, else a clone.</summary>
    internal static ChatOptions? WithSamplingFields(ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var fields = CollectFields(options);
        if (fields.Count == 0)
        {
            return options;
        }

        // Clone so the caller's options (often reused across turns) never see our factory.
        var sent = options.Clone();
        var callerFactory = options.RawRepresentationFactory;
        sent.RawRepresentationFactory = client =>
        {
            var completionOptions = callerFactory?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            foreach (var (name, value) in fields)
            {
                SetField(completionOptions, name, value);
            }

            return completionOptions;
        };
        return sent;
    }

    private static bool IsScalar(object value) => value
        is int or long or float or double or decimal or bool or string
        or JsonElement { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.String };

    private static List<KeyValuePair<string, object>> CollectFields(ChatOptions options)
    {
        var fields = new List<KeyValuePair<string, object>>();
        if (options.TopK is int topK)
        {
            fields.Add(new("top_k", topK));
        }

        if (options.MaxOutputTokens is int maxTokens)
        {
            fields.Add(new("max_tokens", maxTokens));
        }

        if (options.AdditionalProperties is { Count: > 0 } extra)
        {
            foreach (var key in ForwardedKeys)
            {
                // ChatOptions.TopK wins over the loosely typed bag entry.
                if (key == "top_k" && options.TopK is not null)
                {
                    continue;
                }

                if (extra.TryGetValue(key, out var value) && value is not null)
                {
                    // Checked here, not in the factory, so a bad value fails before anything is sent.
                    if (!IsScalar(value))
                    {
                        throw new ArgumentException(
                            $"ChatOptions.AdditionalProperties['{key}'] must be a number, bool or string to be sent to the server, got {value.GetType().Name} '{value}'.",
                            nameof(options));
                    }

                    fields.Add(new(key, value));
                }
            }
        }

        return fields;
    }

#pragma warning disable SCME0001 // JsonPatch is marked experimental, but it is the SDK's documented way to add body fields.
    private static void SetField(ChatCompletionOptions completionOptions, string name, object value)
    {
        var path = System.Text.Encoding.UTF8.GetBytes("$." + name);

        // A field the caller already put in the patch through their own factory is theirs to decide.
        if (completionOptions.Patch.TryGetJson(path, out _))
        {
            return;
        }

        switch (value)
        {
            case int v: completionOptions.Patch.Set(path, v); break;
            case long v: completionOptions.Patch.Set(path, v); break;
            case float v: completionOptions.Patch.Set(path, v); break;
            case double v: completionOptions.Patch.Set(path, v); break;
            case decimal v: completionOptions.Patch.Set(path, v); break;
            case bool v: completionOptions.Patch.Set(path, v); break;
            case string v: completionOptions.Patch.Set(path, v); break;
            case JsonElement v: completionOptions.Patch.Set(path, BinaryData.FromString(v.GetRawText())); break;
            default: throw new InvalidOperationException($"Unexpected value type {value.GetType().Name} for '{name}'.");
        }
    }
#pragma warning restore SCME0001
}
