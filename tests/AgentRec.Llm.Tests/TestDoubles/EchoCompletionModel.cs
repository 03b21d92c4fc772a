using System.Net;
using System.Text.Json.Nodes;

namespace AgentRec.Llm.Tests.TestDoubles;

/// <summary>
/// A deterministic "model" behind <see cref="FakeOpenAIServer"/>: it answers a chat completion by repeating the
/// last user message word by word, one word per token. It honours <c>max_completion_tokens</c> / <c>max_tokens</c>,
/// <c>stop</c>, <c>stream</c> and <c>stream_options.include_usage</c>, and counts usage in words, so the shared
/// chat-client contract suite can run against the remote client.
/// </summary>
internal static class EchoCompletionModel
{
    public static HttpResponseMessage Respond(RecordedRequest request)
    {
        if (!request.IsChatCompletion)
        {
            return FakeOpenAIServer.Json(HttpStatusCode.NotFound, OpenAIPayloads.Error(404, $"no route {request.Uri.AbsolutePath}", "not_found_error"));
        }

        var body = request.Json;
        var model = (string?)body["model"] ?? "echo";
        var messages = body["messages"]?.AsArray() ?? [];
        var promptTokens = messages.Sum(m => Words(ContentOf(m)).Length);
        var lastUser = messages.LastOrDefault(m => (string?)m?["role"] == "user");
        var words = Words(ContentOf(lastUser));
        if (words.Length == 0)
        {
            words = ["(nothing)"];
        }

        var maxTokens = (int?)body["max_completion_tokens"] ?? (int?)body["max_tokens"] ?? int.MaxValue;
        var stops = body["stop"]?.AsArray().Select(s => (string)s!).ToArray() ?? [];
        var (pieces, finishReason) = Generate(words, maxTokens, stops);

        if ((bool?)body["stream"] != true)
        {
            return FakeOpenAIServer.Json(
                HttpStatusCode.OK,
                OpenAIPayloads.ChatCompletion(model, string.Concat(pieces), promptTokens, pieces.Count, finishReason));
        }

        var chunks = new List<string> { OpenAIPayloads.ContentChunk(model, string.Empty, role: "assistant") };
        chunks.AddRange(pieces.Select(piece => OpenAIPayloads.ContentChunk(model, piece)));
        chunks.Add(OpenAIPayloads.Chunk(model, [], finishReason));
        if ((bool?)body["stream_options"]?["include_usage"] == true)
        {
            chunks.Add(OpenAIPayloads.UsageChunk(model, promptTokens, pieces.Count));
        }

        return FakeOpenAIServer.EventStream(chunks);
    }

    /// <summary>Emits one word per token until the token budget runs out or a stop sequence appears (which is cut).</summary>
    private static (List<string> Pieces, string FinishReason) Generate(string[] words, int maxTokens, string[] stops)
    {
        var pieces = new List<string>();
        foreach (var word in words)
        {
            if (pieces.Count == maxTokens)
            {
                return (pieces, "length");
            }

            pieces.Add(pieces.Count == 0 ? word : " " + word);
            var text = string.Concat(pieces);
            var stopAt = stops.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (stopAt >= 0)
            {
                return (KeepFirstChars(pieces, stopAt), "stop");
            }
        }

        return (pieces, "stop");
    }

    private static List<string> KeepFirstChars(List<string> pieces, int length)
    {
        var kept = new List<string>();
        foreach (var piece in pieces)
        {
            if (length <= 0)
            {
                break;
            }

            kept.Add(piece.Length <= length ? piece : piece[..length]);
            length -= piece.Length;
        }

        return kept;
    }

    /// <summary>Message content is either a string or an array of parts; only text parts count.</summary>
    private static string ContentOf(JsonNode? message) => message?["content"] switch
    {
        JsonValue value => (string?)value ?? string.Empty,
        JsonArray parts => string.Join(" ", parts.Where(p => (string?)p?["type"] == "text").Select(p => (string?)p?["text"])),
        _ => string.Empty,
    };

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
