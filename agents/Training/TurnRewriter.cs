using System.Globalization;
using AgentRec.Agents.Prompts;
using AgentRec.Agents.Protocol;
using AgentRec.Core.Conversations;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Training;

/// <summary>
/// ECPO's backward step: a turn the simulated user rated below the threshold λ is rewritten by a (stronger)
/// rewriter model, which sees the turn's own prompt, its action and the user's reasons, and answers under the
/// same action grammar (same candidate ids), so the rewrite keeps the protocol. The rewrite becomes "chosen" and
/// the original "rejected" of a DPO pair. A rewrite that does not parse or repeats the original gives no pair.
/// </summary>
public sealed class TurnRewriter(IChatClient rewriter, TurnRewriterOptions? options = null)
{
    private readonly TurnRewriterOptions _options = options ?? new TurnRewriterOptions();

    /// <summary>Pairs for the turns below <see cref="TurnRewriterOptions.Threshold"/>, in input order.</summary>
    public async Task<IReadOnlyList<PreferencePair>> BuildPairsAsync(IEnumerable<ScoredDecision> turns, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var pairs = new List<PreferencePair>();
        int done = 0;
        foreach (var turn in turns)
        {
            if (turn.Satisfaction < _options.Threshold && await RewriteAsync(turn, cancellationToken).ConfigureAwait(false) is { } chosen)
            {
                var d = turn.Decision;
                pairs.Add(new PreferencePair(d.SessionId, d.Turn, d.Prompt, chosen, d.Output.Trim(), turn.Satisfaction));
            }

            progress?.Report(++done);
        }

        return pairs;
    }

    /// <summary>The rewritten action's wire form, or null when the rewriter gave nothing usable.</summary>
    public async Task<string?> RewriteAsync(ScoredDecision turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var decision = turn.Decision;
        if (decision.Action is null || decision.Prompt.Count == 0)
        {
            return null;
        }

        var candidates = CandidateList.Parse(decision.Prompt[0].Text).Select(c => c.Id).ToList();
        var instruction = PromptTemplates.Render("agent-rewrite", new Dictionary<string, string>
        {
            ["action"] = decision.Action.ToString(),
            ["score"] = turn.Satisfaction.ToString("0.#", CultureInfo.InvariantCulture),
            ["reasons"] = turn.Reasons.Count == 0 ? "(no reason given)" : string.Join('\n', turn.Reasons.Select(r => "- " + r)),
        });
        var messages = new List<ChatMessage>(decision.Prompt) { new(ChatRole.User, instruction) };
        var chatOptions = new ChatOptions
        {
            MaxOutputTokens = _options.MaxOutputTokens,
            Temperature = _options.Temperature,
            Seed = _options.Seed + decision.Turn,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["grammar"] = ActionGrammar.Build(candidates, _options.ItemsPerTurn, allowed: candidates.Count == 0 ? TextActions : null, maxTextLength: _options.MaxTextLength),
            },
        };
        var response = await rewriter.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        if (!ActionParser.TryParse(response.Text, out var rewritten, out _))
        {
            return null;
        }

        var text = rewritten.ToString();
        return text == decision.Action.ToString() ? null : text;
    }

    private static readonly IReadOnlySet<AgentActionKind> TextActions = new HashSet<AgentActionKind> { AgentActionKind.Ask, AgentActionKind.Search, AgentActionKind.Response };
}
