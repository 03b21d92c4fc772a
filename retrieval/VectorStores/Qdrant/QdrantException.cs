using System.Net;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>A Qdrant request failed: <see cref="StatusCode"/> is the HTTP status (null when no answer came), <see cref="ServerMessage"/> Qdrant's own error text.</summary>
public sealed class QdrantException : Exception
{
    public QdrantException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    public HttpStatusCode? StatusCode { get; }

    public string? ServerMessage { get; }
}
