using System.Runtime.InteropServices;
using AgentRec.Llm.ChatCompletion;
using AgentRec.Llm.Runtime;

namespace AgentRec.Finetune.Data;

/// <summary>
/// Turns examples into token sequences with the GGUF's own tokenizer and chat template (through the llama.cpp
/// runtime), rendering prompts exactly as the chat client does at inference: llama.cpp's template for the model
/// (or <paramref name="templateOverride"/>), ChatML when llama.cpp does not know it, tokenised with BOS and special
/// tokens parsed. Assistant turns are the text the template adds after the rendered prompt (prompt rendered with
/// the assistant prefix); their tokens up to and including the first end-of-generation token are the targets.
/// Context tokens before an assistant turn are the tokens of that prompt, i.e. what the model sees at inference.
/// Sequences longer than <see cref="MaxLength"/> lose tokens from the left (just after BOS), i.e. the oldest
/// context goes first; an example whose targets cannot fit is an error naming its index.
/// </summary>
public sealed class ChatTokenizer
{
    private readonly LlamaModel _model;
    private readonly string? _template;

    public ChatTokenizer(LlamaModel model, int maxLength, string? templateOverride = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        _model = model;
        MaxLength = maxLength;
        _template = templateOverride;
    }

    /// <summary>The longest sequence (prompt + response tokens) produced.</summary>
    public int MaxLength { get; }

    /// <summary>
    /// The conversation as text. With <paramref name="addAssistantPrefix"/> this is the prompt the chat client sends
    /// (the same call and the same ChatML fallback as its prompt builder for plain-text messages).
    /// </summary>
    public string Render(IReadOnlyList<ChatTurn> turns, bool addAssistantPrefix)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var pairs = turns.Select(t => (t.Role, t.Content)).ToList();
        return _model.TryApplyChatTemplate(pairs, addAssistantPrefix, _template) ?? ChatPromptBuilder.FormatChatMl(pairs, addAssistantPrefix);
    }

    /// <summary>All assistant turns are targets; turns after the last assistant turn are dropped.</summary>
    public TokenizedSequence Sft(SftExample example, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(example);
        var tokens = new List<int>();
        var targets = new List<bool>();
        string consumed = string.Empty;
        for (int i = 0; i < example.Messages.Count; i++)
        {
            if (example.Messages[i].Role != "assistant")
            {
                continue;
            }

            var history = example.Messages.Take(i).ToList();
            string prompt = Render(history, addAssistantPrefix: true);
            string full = Render([.. history, example.Messages[i]], addAssistantPrefix: false);
            Append(prompt, consumed, full, index, tokens, targets);
            consumed = full;
        }

        if (consumed.Length == 0)
        {
            throw new ArgumentException($"Example {index} has no assistant turn.", nameof(example));
        }

        return Truncate(tokens, targets, index);
    }

    /// <summary>Factual: [system], user(history + blank line + prompt), assistant(answer); counterfactual: the same without the history.</summary>
    public CftPair Cft(CftExample example, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(example);
        List<ChatTurn> Conversation(string user) =>
            [.. example.System is { Length: > 0 } system ? [new ChatTurn("system", system)] : Array.Empty<ChatTurn>(),
             new ChatTurn("user", user), new ChatTurn("assistant", example.Answer)];

        var factual = Sft(new SftExample(Conversation(example.History + "\n\n" + example.Prompt)), index);
        var counterfactual = Sft(new SftExample(Conversation(example.Prompt)), index);
        if (!factual.TargetTokens().SequenceEqual(counterfactual.TargetTokens()))
        {
            throw new InvalidOperationException($"Example {index}: the answer tokenises differently with and without the history; the template must render the assistant turn independently of the prompt.");
        }

        return new CftPair(factual, counterfactual);
    }

    /// <summary>The prompt rendered once, then each turn; the prompt is cut from the left until the longer turn fits.</summary>
    public DpoPair Dpo(DpoExample example, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(example);
        string prompt = Render(example.Prompt, addAssistantPrefix: true);
        int[] promptTokens = TokenizeConversation(prompt);
        (int[] Tokens, bool[] Targets) Response(string text)
        {
            string full = Render([.. example.Prompt, new ChatTurn("assistant", text)], addAssistantPrefix: false);
            if (!full.StartsWith(prompt, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Example {index}: the chat template renders the conversation so that the prompt is not a prefix of it; turn-level training needs one.");
            }

            int[] tokens = Reply(prompt, promptTokens, full);
            return (tokens, TargetsUpToEndOfGeneration(tokens));
        }

        var chosen = Response(example.Chosen);
        var rejected = Response(example.Rejected);
        int longest = Math.Max(chosen.Tokens.Length, rejected.Tokens.Length);
        int keepPrompt = Math.Min(promptTokens.Length, MaxLength - longest);
        if (keepPrompt < 1)
        {
            throw new ArgumentException($"Example {index}: a response of {longest} tokens leaves no room for the prompt within MaxLength {MaxLength}.", nameof(example));
        }

        int[] kept = CutLeft(promptTokens, promptTokens.Length - keepPrompt);
        TokenizedSequence Join((int[] Tokens, bool[] Targets) response) =>
            new([.. kept, .. response.Tokens], [.. new bool[kept.Length], .. response.Targets]);
        return new DpoPair(Join(chosen), Join(rejected));
    }

    private void Append(string prompt, string consumed, string full, int index, List<int> tokens, List<bool> targets)
    {
        if (!prompt.StartsWith(consumed, StringComparison.Ordinal) || !full.StartsWith(prompt, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Example {index}: the chat template does not render this conversation incrementally (an earlier rendering is not a prefix of a later one), so assistant tokens cannot be located.");
        }

        int[] promptTokens = TokenizeConversation(prompt);
        int[] context = promptTokens.AsSpan().StartsWith(CollectionsMarshal.AsSpan(tokens))
            ? promptTokens[tokens.Count..]
            : _model.Tokenize(prompt[consumed.Length..], addSpecial: false, parseSpecial: true);
        int[] reply = Reply(prompt, promptTokens, full);
        tokens.AddRange(context);
        targets.AddRange(new bool[context.Length]);
        tokens.AddRange(reply);
        targets.AddRange(TargetsUpToEndOfGeneration(reply));
    }

    /// <summary>
    /// The reply's tokens as the whole conversation tokenises them (SentencePiece vocabularies prefix a space to text
    /// that starts a string, so tokenising the reply alone would differ); only when the prompt's tokens are not a
    /// prefix of the conversation's (a merge across the boundary) is the reply text tokenised on its own.
    /// </summary>
    private int[] Reply(string prompt, int[] promptTokens, string full)
    {
        int[] fullTokens = TokenizeConversation(full);
        return fullTokens.AsSpan().StartsWith(promptTokens)
            ? fullTokens[promptTokens.Length..]
            : _model.Tokenize(full[prompt.Length..], addSpecial: false, parseSpecial: true);
    }

    /// <summary>Rendered conversation text → tokens, as the chat client does it (one BOS even when the template writes one).</summary>
    private int[] TokenizeConversation(string text)
    {
        int[] tokens = _model.Tokenize(text, addSpecial: true, parseSpecial: true);
        return tokens.Length > 1 && tokens[0] == _model.BosToken && tokens[1] == _model.BosToken ? tokens[1..] : tokens;
    }

    /// <summary>Targets up to and including the first end-of-generation token: what follows it (a newline) is never generated.</summary>
    private bool[] TargetsUpToEndOfGeneration(int[] reply)
    {
        var flags = new bool[reply.Length];
        for (int i = 0; i < reply.Length; i++)
        {
            flags[i] = true;
            if (_model.IsEndOfGeneration(reply[i]))
            {
                break;
            }
        }

        return flags;
    }

    private TokenizedSequence Truncate(List<int> tokens, List<bool> targets, int index)
    {
        int excess = tokens.Count - MaxLength;
        int[] keptTokens = CutLeft([.. tokens], excess);
        bool[] keptTargets = excess > 0 ? [.. targets.Take(Start(tokens[0])), .. targets.Skip(Start(tokens[0]) + excess)] : [.. targets];
        if (keptTargets.Length > 0)
        {
            // A target at position 0 has no position to predict it from.
            keptTargets[0] = false;
        }

        if (!keptTargets.Any(t => t))
        {
            throw new ArgumentException($"Example {index}: nothing to learn is left within MaxLength {MaxLength} (the sequence has {tokens.Count} tokens).");
        }

        return new TokenizedSequence(keptTokens, keptTargets);
    }

    /// <summary>Removes <paramref name="excess"/> tokens from the left, keeping a leading BOS.</summary>
    private int[] CutLeft(int[] tokens, int excess)
    {
        if (excess <= 0)
        {
            return tokens;
        }

        int start = Start(tokens[0]);
        return [.. tokens[..start], .. tokens[(start + excess)..]];
    }

    private int Start(int first) => _model.AddsBos && first == _model.BosToken ? 1 : 0;
}
