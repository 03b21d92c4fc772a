using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Llm;
using AgentRec.Simulator.Personas;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Simulator.Scoring;

/// <summary>
/// Scores agent turns the way ECPO's forward expectation confirmation does: given the persona and the
/// transcript up to a turn, deductions for Guidance (0–1), Flexibility (0–2) and Coherence (0–2) with
/// reasons, satisfaction = 5 − deductions. Rule-based by default; with a judge <see cref="IChatClient"/>
/// the async methods ask it for JSON verdicts and fall back to the rules when its answer does not parse,
/// leaves a scale's range, or the call fails (counted in <see cref="Statistics"/>).
/// </summary>
public sealed partial class ExpectationConfirmationScorer
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "guidance": { "$ref": "#/$defs/guidance" },
            "flexibility": { "$ref": "#/$defs/wide" },
            "coherence": { "$ref": "#/$defs/wide" }
          },
          "required": ["guidance", "flexibility", "coherence"],
          "additionalProperties": false,
          "$defs": {
            "guidance": {
              "type": "object",
              "properties": { "deduction": { "enum": [0, 0.5, 1] }, "reason": { "type": "string", "maxLength": 300 } },
              "required": ["deduction", "reason"],
              "additionalProperties": false
            },
            "wide": {
              "type": "object",
              "properties": { "deduction": { "enum": [0, 0.5, 1, 1.5, 2] }, "reason": { "type": "string", "maxLength": 300 } },
              "required": ["deduction", "reason"],
              "additionalProperties": false
            }
          }
        }
        """).RootElement.Clone();

    private readonly ExpectationScorerOptions _options;
    private readonly IChatClient? _judge;
    private readonly ILogger _logger;

    /// <param name="judge">Optional LLM judge used by <see cref="ScoreAsync"/>.</param>
    /// <param name="statistics">Counters to add to; share one instance across a run for totals.</param>
    public ExpectationConfirmationScorer(
        ExpectationScorerOptions? options = null,
        IChatClient? judge = null,
        JudgeStatistics? statistics = null,
        ILogger<ExpectationConfirmationScorer>? logger = null)
    {
        _options = options ?? ExpectationScorerOptions.Default;
        _options.Validate();
        _judge = judge;
        Statistics = statistics ?? new JudgeStatistics();
        _logger = logger ?? NullLogger<ExpectationConfirmationScorer>.Instance;
    }

    public JudgeStatistics Statistics { get; }

    public bool UsesJudge => _judge is not null;

    /// <summary>Rule-based score of the agent turn at <paramref name="position"/> in <paramref name="transcript"/>.</summary>
    /// <param name="position">Position in <paramref name="transcript"/> of the exchange whose agent turn is scored; earlier entries are its context.</param>
    /// <exception cref="ArgumentException">The position holds no agent turn.</exception>
    public TurnScore Score(Persona persona, IReadOnlyList<ConversationTurn> transcript, int position)
    {
        Check(persona, transcript, position);
        return ExpectationRules.Score(persona, transcript, position, _options);
    }

    /// <summary>Rule-based scores of every agent turn in the transcript, in order.</summary>
    public IReadOnlyList<TurnScore> ScoreSession(Persona persona, IReadOnlyList<ConversationTurn> transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return [.. AgentPositions(transcript).Select(position => Score(persona, transcript, position))];
    }

    /// <summary>The judge's score when one is configured and answers properly; the rules' otherwise.</summary>
    public async Task<TurnScore> ScoreAsync(Persona persona, IReadOnlyList<ConversationTurn> transcript, int position, CancellationToken cancellationToken = default)
    {
        Check(persona, transcript, position);
        if (_judge is null)
        {
            return ExpectationRules.Score(persona, transcript, position, _options);
        }

        (JudgeOutcome outcome, TurnScore? score) = await JudgeAsync(_judge, persona, transcript, position, cancellationToken).ConfigureAwait(false);
        Statistics.Record(outcome);
        if (score is not null)
        {
            return score;
        }

        LogJudgeFallback(_logger, persona.UserId, position, outcome);
        return ExpectationRules.Score(persona, transcript, position, _options);
    }

    public async Task<IReadOnlyList<TurnScore>> ScoreSessionAsync(Persona persona, IReadOnlyList<ConversationTurn> transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var scores = new List<TurnScore>();
        foreach (int position in AgentPositions(transcript))
        {
            scores.Add(await ScoreAsync(persona, transcript, position, cancellationToken).ConfigureAwait(false));
        }

        return scores;
    }

    private async Task<(JudgeOutcome Outcome, TurnScore? Score)> JudgeAsync(
        IChatClient judge, Persona persona, IReadOnlyList<ConversationTurn> transcript, int position, CancellationToken cancellationToken)
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, JudgePrompt.SystemText),
            new(ChatRole.User, JudgePrompt.User(persona, transcript, position)),
        ];
        var chatOptions = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "turn_judgement", "Deductions with reasons for one assistant turn."),
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            Seed = StableSeed.Combine(persona.Seed, position),
        };

        ChatResponse response;
        try
        {
            response = await judge.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogJudgeError(_logger, persona.UserId, position, ex);
            return (JudgeOutcome.Error, null);
        }

        using JsonDocument? document = JsonReplyReader.TryParseObject(response.Text);
        if (document is null)
        {
            return (JudgeOutcome.Unparsable, null);
        }

        var reasons = new List<string>();
        var values = new double[3];
        (string Name, string Label, double Max)[] scales =
        [
            ("guidance", "Guidance", TurnScore.MaxGuidance),
            ("flexibility", "Flexibility", TurnScore.MaxFlexibility),
            ("coherence", "Coherence", TurnScore.MaxCoherence),
        ];
        for (int s = 0; s < scales.Length; s++)
        {
            if (!document.RootElement.TryGetProperty(scales[s].Name, out JsonElement scale) || scale.ValueKind != JsonValueKind.Object
                || !scale.TryGetProperty("deduction", out JsonElement deduction) || deduction.ValueKind != JsonValueKind.Number
                || !scale.TryGetProperty("reason", out JsonElement reason) || reason.ValueKind != JsonValueKind.String)
            {
                return (JudgeOutcome.Unparsable, null);
            }

            double value = deduction.GetDouble();
            if (double.IsNaN(value) || value < 0 || value > scales[s].Max)
            {
                return (JudgeOutcome.OutOfRange, null);
            }

            values[s] = value;
            if (value > 0)
            {
                string why = reason.GetString()!.Trim();
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{scales[s].Label} -{value}: {(why.Length > 0 ? why : "no reason given")}"));
            }
        }

        return (JudgeOutcome.Judged, new TurnScore(transcript[position].Index, values[0], values[1], values[2], reasons) { FromJudge = true });
    }

    private static IEnumerable<int> AgentPositions(IReadOnlyList<ConversationTurn> transcript)
    {
        for (int i = 0; i < transcript.Count; i++)
        {
            if (transcript[i]?.Agent is not null)
            {
                yield return i;
            }
        }
    }

    private static void Check(Persona persona, IReadOnlyList<ConversationTurn> transcript, int position)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(transcript);
        if (position < 0 || position >= transcript.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"The transcript has {transcript.Count} entries.");
        }

        for (int i = 0; i <= position; i++)
        {
            if (transcript[i]?.User is null)
            {
                throw new ArgumentException($"Transcript entry {i} has no user turn.", nameof(transcript));
            }
        }

        if (transcript[position].Agent is null)
        {
            throw new ArgumentException($"Transcript entry {position} (turn {transcript[position].Index}) has no agent turn to score.", nameof(position));
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "User {UserId} position {Position}: judge verdict rejected ({Outcome}); using the rules.")]
    private static partial void LogJudgeFallback(ILogger logger, string userId, int position, JudgeOutcome outcome);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "User {UserId} position {Position}: the judge chat client failed; using the rules.")]
    private static partial void LogJudgeError(ILogger logger, string userId, int position, Exception exception);
}
