using Microsoft.Extensions.Logging;

namespace AgentRec.Simulator.Users;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "User {UserId}: LLM phrasing rejected ({Failure}); using the structured phrasing.")]
    public static partial void PhrasingFallback(ILogger logger, string userId, PhrasingFailure failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "User {UserId}: the phrasing chat client failed; using the structured phrasing.")]
    public static partial void PhrasingError(ILogger logger, string userId, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Trace, Message = "User {UserId} turn {Turn}: {Action} — {Reason}")]
    public static partial void Turn(ILogger logger, string userId, int turn, Core.Conversations.UserActionKind action, string reason);
}
