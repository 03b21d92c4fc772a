using System.Net;
using System.Text;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>Records every request (with its body read eagerly) and answers from a delegate.</summary>
public sealed class FakeHttpHandler(Func<FakeHttpHandler.Request, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public List<Request> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new Request(
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            request.Headers.TryGetValues("api-key", out var keys) ? keys.Single() : null,
            request.Content?.Headers.ContentType?.MediaType,
            body);
        Requests.Add(recorded);
        var response = await respond(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    public sealed record Request(string Method, string Path, string? ApiKey, string? ContentType, string? Body);
}
