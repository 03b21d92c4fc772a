using Microsoft.Extensions.Logging;

namespace AgentRec.Llm.Remote;

/// <summary>Log messages of the remote backend (source-generated; the API key is never logged).</summary>
internal static partial class RemoteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Remote chat model '{Model}' at {Endpoint} (timeout {Timeout}, up to {MaxRetries} retries)")]
    public static partial void ChatClientCreated(ILogger logger, string model, Uri endpoint, TimeSpan timeout, int maxRetries);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Remote embedding model '{Model}' at {Endpoint} (dimensions {Dimensions}, timeout {Timeout}, up to {MaxRetries} retries)")]
    public static partial void EmbeddingGeneratorCreated(ILogger logger, string model, Uri endpoint, string dimensions, TimeSpan timeout, int maxRetries);
}
