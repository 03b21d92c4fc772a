using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace AgentRec.Llm.Tests.TestDoubles;

/// <summary>Builds response bodies in the shapes llama-server and vLLM send for the OpenAI routes.</summary>
internal static class OpenAIPayloads
{
    private const long Created = 1_750_000_000;

    public static string ChatCompletion(
        string model, string? content, int promptTokens, int completionTokens, string finishReason = "stop", JsonArray? toolCalls = null)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
        if (toolCalls is not null)
        {
            message["tool_calls"] = toolCalls;
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = Created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = Usage(promptTokens, completionTokens),
        }.ToJsonString();
    }

    /// <summary>A function tool call as it appears in a non-streamed message; arguments are a JSON string.</summary>
    public static JsonObject ToolCall(string id, string name, string argumentsJson) => new()
    {
        ["id"] = id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = name, ["arguments"] = argumentsJson },
    };

    /// <summary>One streamed chunk; <paramref name="delta"/> is the choice's delta object.</summary>
    public static string Chunk(string model, JsonObject delta, string? finishReason = null) => new JsonObject
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = Created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
        }),
    }.ToJsonString();

    public static string ContentChunk(string model, string content, string? role = null)
    {
        var delta = new JsonObject();
        if (role is not null)
        {
            delta["role"] = role;
        }

        delta["content"] = content;
        return Chunk(model, delta);
    }

    /// <summary>The closing chunk sent when <c>stream_options.include_usage</c> is set: no choices, only usage.</summary>
    public static string UsageChunk(string model, int promptTokens, int completionTokens) => new JsonObject
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = Created,
        ["model"] = model,
        ["choices"] = new JsonArray(),
        ["usage"] = Usage(promptTokens, completionTokens),
    }.ToJsonString();

    /// <summary>
    /// An embeddings answer. <paramref name="base64"/> mirrors <c>encoding_format: base64</c>: little-endian float32
    /// bytes, base64-encoded, which is what the OpenAI SDK asks for.
    /// </summary>
    public static string Embeddings(string model, IReadOnlyList<float[]> vectors, bool base64, int promptTokens)
    {
        var data = new JsonArray();
        for (var i = 0; i < vectors.Count; i++)
        {
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vectors[i].AsSpan())))
                : new JsonArray([.. vectors[i].Select(v => (JsonNode?)JsonValue.Create(v))]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["total_tokens"] = promptTokens },
        }.ToJsonString();
    }

    /// <summary>The error body llama-server sends (<c>{"error": {code, message, type}}</c>).</summary>
    public static string Error(int code, string message, string type) => new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["type"] = type },
    }.ToJsonString();

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };
}
