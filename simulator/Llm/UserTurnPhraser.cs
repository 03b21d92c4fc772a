using System.Text.Json;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;
using AgentRec.Simulator.Users;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentRec.Simulator.Llm;

/// <summary>
/// Asks an <see cref="IChatClient"/> to phrase a decided turn as <c>{reason, response}</c> JSON and checks
/// the answer; the caller falls back to the structured phrasing on any failure.
/// </summary>
internal sealed class UserTurnPhraser(IChatClient client, Persona persona, SimulatorOptions options, TargetLeakGuard guard, ILogger logger)
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "reason": { "type": "string", "maxLength": 300 },
            "response": { "type": "string", "minLength": 1, "maxLength": 800 }
          },
          "required": ["reason", "response"],
          "additionalProperties": false
        }
        """).RootElement.Clone();

    public async Task<(PhrasingFailure Failure, string Reason, string Response)> PhraseAsync(
        UserDecision decision, IReadOnlyList<ConversationTurn> history, AgentTurn? latest, int turnNumber, CancellationToken cancellationToken)
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, UserTurnPrompt.System(persona)),
            new(ChatRole.User, UserTurnPrompt.User(persona, guard, history, latest, decision)),
        ];
        var chatOptions = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "user_turn", "The simulated user's private reason and visible message."),
            Temperature = options.Temperature,
            MaxOutputTokens = options.MaxOutputTokens,
            Seed = StableSeed.Combine(persona.Seed ^ options.Seed, turnNumber),
        };

        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.PhrasingError(logger, persona.UserId, ex);
            return (PhrasingFailure.Error, string.Empty, string.Empty);
        }

        using JsonDocument? document = JsonReplyReader.TryParseObject(response.Text);
        string? text = document is null ? null : JsonReplyReader.NonEmptyString(document.RootElement, "response");
        bool hasReason = document is not null && document.RootElement.TryGetProperty("reason", out JsonElement field) && field.ValueKind == JsonValueKind.String;
        if (text is null || !hasReason)
        {
            return (PhrasingFailure.Unparsable, string.Empty, string.Empty);
        }

        // The reason is private and only informative: a blank one keeps the structured reason.
        string reason = JsonReplyReader.NonEmptyString(document!.RootElement, "reason") ?? decision.Reason;
        if (!persona.RevealsTarget && (guard.Leaks(text) || guard.Leaks(reason)))
        {
            return (PhrasingFailure.Leak, string.Empty, string.Empty);
        }

        return (PhrasingFailure.None, reason, text);
    }
}
