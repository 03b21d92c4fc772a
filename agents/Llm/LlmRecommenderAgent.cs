using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AgentRec.Agents.Catalog;
using AgentRec.Agents.Prompts;
using AgentRec.Agents.Protocol;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace AgentRec.Agents.Llm;

/// <summary>
/// The LLM recommendation agent: a Semantic Kernel kernel holding the chat model and the catalog (and,
/// optionally, history) plugins. Each turn it retrieves candidates through the plugins, asks the model for
/// one action under a grammar (or JSON Schema) that only admits those candidates' ids, and carries the
/// action out. Output that still fails to parse (a server that ignores constraints) falls back to
/// recommending the top candidates, and is counted.
/// </summary>
public sealed partial class LlmRecommenderAgent : IStreamingRecommenderAgent
{
    private readonly Kernel _kernel;
    private readonly IChatClient _chat;
    private readonly ItemCatalog _catalog;
    private readonly LlmAgentOptions _options;
    private readonly bool _hasHistory;
    private readonly bool _useGrammar;
    private readonly ILogger _logger;
    private long _turns;
    private long _parseFailures;
    private long _unknownDropped;
    private long _searches;
    private long _filledIn;

    public LlmRecommenderAgent(IChatClient chatClient, ICatalogSearch search, IHistoryRecommender? history = null, LlmAgentOptions? options = null, ILogger<LlmRecommenderAgent>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(search);
        _options = options ?? new LlmAgentOptions();
        _options.Validate();
        _catalog = search.Catalog;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chatClient);
        builder.Plugins.AddFromObject(new CatalogPlugin(search), CatalogPlugin.PluginName);
        if (history is not null)
        {
            builder.Plugins.AddFromObject(new HistoryPlugin(history), HistoryPlugin.PluginName);
            _hasHistory = true;
        }

        _kernel = builder.Build();
        _chat = _kernel.GetRequiredService<IChatClient>();
        _useGrammar = _options.Constraint switch
        {
            ActionConstraint.Grammar => true,
            ActionConstraint.JsonSchema => false,
            _ => string.Equals(_chat.GetService<ChatClientMetadata>()?.ProviderName, "llama.cpp", StringComparison.OrdinalIgnoreCase),
        };
    }

    public string Name => "llm";

    /// <summary>
    /// Raised after every turn with the exact prompt, the model's output and what was done with it: the raw
    /// material of trajectory datasets (SFT, ECPO). Handlers run on the responding thread; keep them quick.
    /// </summary>
    public event Action<AgentDecision>? Decided;

    public Kernel Kernel => _kernel;

    public AgentStatistics Statistics => new(Interlocked.Read(ref _turns), Interlocked.Read(ref _parseFailures), Interlocked.Read(ref _unknownDropped), Interlocked.Read(ref _searches), Interlocked.Read(ref _filledIn));

    public Task<AgentTurn> RespondAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default) =>
        RespondCoreAsync(session, userTurn, visibleText: null, cancellationToken);

    public async IAsyncEnumerable<AgentTurnUpdate> RespondStreamingAsync(
        AgentSession session, UserTurn userTurn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var deltas = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var respond = RespondAndCompleteAsync();
        var streamed = new StringBuilder();
        await foreach (var delta in deltas.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            streamed.Append(delta);
            yield return new AgentTurnUpdate(delta);
        }

        var turn = await respond.ConfigureAwait(false);
        var shown = streamed.ToString();
        var rest = turn.Message.StartsWith(shown, StringComparison.Ordinal) ? turn.Message[shown.Length..] : "\n" + turn.Message;
        yield return new AgentTurnUpdate(rest, turn);

        async Task<AgentTurn> RespondAndCompleteAsync()
        {
            try
            {
                return await RespondCoreAsync(session, userTurn, delta => deltas.Writer.TryWrite(delta), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                deltas.Writer.TryComplete();
            }
        }
    }

    private async Task<AgentTurn> RespondCoreAsync(AgentSession session, UserTurn userTurn, Action<string>? visibleText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.AddUserTurn(userTurn);
        Interlocked.Increment(ref _turns);

        var candidates = await CandidatesAsync(session, cancellationToken).ConfigureAwait(false);
        var (action, prompt, output) = await DecideAsync(session, candidates, visibleText, cancellationToken).ConfigureAwait(false);
        var turn = await CarryOutAsync(session, action, candidates, cancellationToken).ConfigureAwait(false);
        session.AddAgentTurn(turn);
        Decided?.Invoke(new AgentDecision(session.Id, session.AgentTurns.Count, prompt, output, action, turn));
        return turn;
    }

    private async Task<IReadOnlyList<CatalogItem>> CandidatesAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var exclude = session.ShownItems;
        var result = new List<CatalogItem>(_options.Candidates);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (_hasHistory && session.KnownHistory.Count > 0 && _options.HistoryCandidates > 0)
        {
            var fromHistory = await _kernel.InvokeAsync<IReadOnlyList<CatalogHit>>(HistoryPlugin.PluginName, "recommend", new KernelArguments
            {
                ["history"] = session.KnownHistory,
                ["top"] = _options.HistoryCandidates,
                ["exclude"] = exclude,
            }, cancellationToken).ConfigureAwait(false);
            Add(fromHistory);
        }

        var found = await SearchAsync(session.UserText(_options.HistoryTurns + 1), _options.Candidates, exclude, cancellationToken).ConfigureAwait(false);
        Add(found);
        return result;

        void Add(IReadOnlyList<CatalogHit>? hits)
        {
            foreach (var hit in hits ?? [])
            {
                if (result.Count < _options.Candidates && seen.Add(hit.Item.Id))
                {
                    result.Add(hit.Item);
                }
            }
        }
    }

    private async Task<IReadOnlyList<CatalogHit>> SearchAsync(string query, int top, IReadOnlySet<string> exclude, CancellationToken cancellationToken) =>
        await _kernel.InvokeAsync<IReadOnlyList<CatalogHit>>(CatalogPlugin.PluginName, "search", new KernelArguments
        {
            ["query"] = query,
            ["top"] = top,
            ["exclude"] = exclude,
        }, cancellationToken).ConfigureAwait(false) ?? [];

    private async Task<(AgentAction? Action, IReadOnlyList<ChatMessage> Prompt, string Output)> DecideAsync(
        AgentSession session, IReadOnlyList<CatalogItem> candidates, Action<string>? visibleText, CancellationToken cancellationToken)
    {
        var messages = BuildMessages(session, candidates);
        var ids = candidates.Select(c => c.Id).ToList();
        var options = new ChatOptions
        {
            MaxOutputTokens = _options.MaxOutputTokens,
            Temperature = _options.Temperature,
            Seed = TurnSeed(session),
        };
        if (_useGrammar)
        {
            options.AdditionalProperties = new AdditionalPropertiesDictionary { ["grammar"] = ActionGrammar.Build(ids, _options.ItemsPerTurn, maxTextLength: _options.MaxTextLength, minItems: _options.MinItemsPerRecommend) };
        }
        else
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(ActionSchema(ids, _options.ItemsPerTurn, _options.MaxTextLength), "agent_action", "One recommendation-agent action.");
        }

        ChatResponse response;
        if (visibleText is null)
        {
            response = await _chat.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var updates = new List<ChatResponseUpdate>();
            var visible = new VisibleTextStream();
            await foreach (var update in _chat.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                var delta = visible.Push(update.Text);
                if (delta.Length > 0)
                {
                    visibleText(delta);
                }
            }

            response = updates.ToChatResponse();
        }

        var text = response.FinishReason == ChatFinishReason.Length ? CloseTruncated(response.Text) : response.Text;
        if (ActionParser.TryParse(text, out var action, out var error))
        {
            return (action, messages, text);
        }

        Interlocked.Increment(ref _parseFailures);
        LogUnparsed(error, response.Text);
        return (null, messages, response.Text);
    }

    /// <summary>
    /// Output cut by the token limit is still a valid action prefix (the grammar guarantees it): close it —
    /// a text action keeps what was written, a Recommend drops its unfinished last id.
    /// </summary>
    internal static string CloseTruncated(string output)
    {
        var text = output.TrimEnd();
        if (text.EndsWith(']') || text.IndexOf('[', StringComparison.Ordinal) < 0)
        {
            return output;
        }

        if (text.StartsWith("Recommend[", StringComparison.Ordinal))
        {
            var comma = text.LastIndexOf(',');
            return comma < 0 ? output : text[..comma] + "]";
        }

        return text + "]";
    }

    private async Task<AgentTurn> CarryOutAsync(AgentSession session, AgentAction? action, IReadOnlyList<CatalogItem> candidates, CancellationToken cancellationToken)
    {
        switch (action?.Kind)
        {
            case AgentActionKind.Ask:
            case AgentActionKind.Response:
                return new AgentTurn(action.Kind, action.Text, []);
            case AgentActionKind.Search:
                Interlocked.Increment(ref _searches);
                var hits = await SearchAsync(action.Text, _options.ItemsPerTurn, session.ShownItems, cancellationToken).ConfigureAwait(false);
                var found = hits.Select(h => h.Item).ToList();
                return new AgentTurn(AgentActionKind.Search, AgentMessages.SearchResults(action.Text, found), found);
            case AgentActionKind.Recommend:
                var known = new List<CatalogItem>();
                foreach (var id in action.ItemIds)
                {
                    if (known.Exists(k => k.Id == id))
                    {
                        continue; // named twice: shown once
                    }

                    if (_catalog.TryGetItem(id, out var item) && !session.ShownItems.Contains(id))
                    {
                        known.Add(item);
                    }
                    else
                    {
                        Interlocked.Increment(ref _unknownDropped);
                    }
                }

                if (known.Count > 0)
                {
                    foreach (var candidate in candidates)
                    {
                        if (known.Count >= _options.MinItemsPerRecommend)
                        {
                            break;
                        }

                        if (!known.Exists(k => k.Id == candidate.Id) && !session.ShownItems.Contains(candidate.Id))
                        {
                            known.Add(candidate);
                            Interlocked.Increment(ref _filledIn);
                        }
                    }

                    return new AgentTurn(AgentActionKind.Recommend, AgentMessages.Recommendation(known), known);
                }

                break;
        }

        // Unparseable output, or a Recommend of nothing usable: fall back to the best candidates.
        var fallback = candidates.Take(_options.ItemsPerTurn).ToList();
        return fallback.Count > 0
            ? new AgentTurn(AgentActionKind.Recommend, AgentMessages.Recommendation(fallback), fallback)
            : new AgentTurn(AgentActionKind.Ask, "Could you tell me more about what you are looking for?", []);
    }

    private List<ChatMessage> BuildMessages(AgentSession session, IReadOnlyList<CatalogItem> candidates)
    {
        var system = PromptTemplates.Render("agent-system", new Dictionary<string, string>
        {
            ["catalog"] = _options.CatalogName,
            ["max_items"] = _options.ItemsPerTurn.ToString(CultureInfo.InvariantCulture),
        });
        var list = PromptTemplates.Render("agent-candidates", new Dictionary<string, string>
        {
            ["candidates"] = candidates.Count == 0 ? "(none)" : string.Join('\n', candidates.Select(CandidateList.Describe)),
        });
        var messages = new List<ChatMessage> { new(ChatRole.System, system + "\n\n" + list) };
        var exchanges = session.Exchanges.ToList();
        foreach (var (user, agent) in exchanges.Skip(Math.Max(0, exchanges.Count - 1 - _options.HistoryTurns)))
        {
            messages.Add(new ChatMessage(ChatRole.User, user.Response));
            if (agent is not null)
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, WireForm(agent)));
            }
        }

        return messages;
    }

    private static string WireForm(AgentTurn turn) => turn.Action switch
    {
        AgentActionKind.Recommend => AgentAction.Recommend(turn.ItemIds).ToString(),
        _ => $"{turn.Action}[{turn.Message}]",
    };

    private static JsonElement ActionSchema(IReadOnlyList<string> ids, int maxItems, int maxTextLength)
    {
        var schema = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["action"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = new[] { "ask", "search", "recommend", "response" } },
                ["text"] = new Dictionary<string, object> { ["type"] = "string", ["maxLength"] = maxTextLength },
                ["item_ids"] = ids.Count == 0
                    ? new Dictionary<string, object> { ["type"] = "array", ["maxItems"] = 0 }
                    : new Dictionary<string, object> { ["type"] = "array", ["items"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = ids }, ["maxItems"] = maxItems },
            },
            ["required"] = new[] { "action", "text", "item_ids" },
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>Stable across processes (string.GetHashCode is randomised per process).</summary>
    private int TurnSeed(AgentSession session)
    {
        var hash = 2166136261u;
        foreach (var c in $"{_options.Seed}/{session.SamplingKey}/{session.UserTurns.Count}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent output is not an action ({Error}): {Output}")]
    private partial void LogUnparsed(string error, string output);
}
