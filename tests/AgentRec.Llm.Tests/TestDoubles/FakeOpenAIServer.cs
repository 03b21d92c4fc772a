using System.Net;
using System.Text;

namespace AgentRec.Llm.Tests.TestDoubles;

/// <summary>
/// An in-process stand-in for an OpenAI-compatible server: records every request and answers with scripted
/// responses in order, then with the fallback (404 when there is none).
/// </summary>
internal sealed class FakeOpenAIServer(Func<RecordedRequest, HttpResponseMessage>? fallback = null) : HttpMessageHandler
{
    /// <summary>Base address the tests configure; nothing listens there, the handler answers in-process.</summary>
    public static Uri Endpoint { get; } = new("http://fake-openai.test/v1");

    private readonly Lock _gate = new();
    private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _scripted = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Queues the answer to the next unanswered request.</summary>
    public FakeOpenAIServer Then(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        lock (_gate)
        {
            _scripted.Enqueue((request, _) => Task.FromResult(respond(request)));
        }

        return this;
    }

    public FakeOpenAIServer Then(HttpStatusCode status, string json) => Then(_ => Json(status, json));

    /// <summary>Queues a request that never gets an answer: it waits until the client gives up.</summary>
    public FakeOpenAIServer ThenHang()
    {
        lock (_gate)
        {
            _scripted.Enqueue(async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            });
        }

        return this;
    }

    /// <summary>An <see cref="HttpClient"/> over this handler; disposing it leaves the server usable.</summary>
    public HttpClient CreateHttpClient() => new(this, disposeHandler: false);

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>A server-sent event stream: one <c>data:</c> event per payload, then <c>data: [DONE]</c>.</summary>
    public static HttpResponseMessage EventStream(IEnumerable<string> payloads)
    {
        var body = new StringBuilder();
        foreach (var payload in payloads)
        {
            body.Append("data: ").Append(payload).Append("\n\n");
        }

        body.Append("data: [DONE]\n\n");
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8, "text/event-stream"),
        };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body);

        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? respond;
        lock (_gate)
        {
            _requests.Add(recorded);
            _scripted.TryDequeue(out respond);
        }

        var response = respond is not null
            ? await respond(recorded, cancellationToken)
            : fallback?.Invoke(recorded)
              ?? Json(HttpStatusCode.NotFound, OpenAIPayloads.Error(404, $"no response scripted for {recorded.Uri}", "not_found_error"));
        response.RequestMessage = request;
        return response;
    }
}
