using System.Globalization;
using System.Text;
using AgentRec.Core.NextItem;
using AgentRec.Finetune.Data;
using AgentRec.Llm.Runtime;

namespace AgentRec.Finetune.Recommendation;

/// <summary>
/// The next-title task as chat: a fixed system line, a user turn of numbered history titles (oldest first), a blank
/// line and <see cref="Question"/>, and the target title as the assistant's answer. The history is the part
/// counterfactual fine-tuning removes, so a row becomes a <see cref="CftExample"/>; SFT trains on the same factual
/// conversation and inference sends it (<see cref="PromptTurns"/>) without the answer.
/// </summary>
public static class NextTitlePrompts
{
    public const string System = "You are a recommender. From the items a user chose, oldest first, you name the item they will choose next.";

    public const string Question = "Which item will the user choose next? Answer with its title.";

    /// <summary>Whitespace runs (newlines included) become one space: an answer is one line, and generation stops at the first newline.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
        }

        return line.ToString();
    }

    /// <summary>"1. first title\n2. second title…", oldest first.</summary>
    public static string History(IReadOnlyList<string> titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        return string.Join('\n', titles.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {OneLine(t)}")));
    }

    public static CftExample Example(NextItemExample row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Example(row.HistoryTitles, row.TargetTitle);
    }

    public static CftExample Example(IReadOnlyList<string> historyTitles, string targetTitle)
    {
        ArgumentNullException.ThrowIfNull(historyTitles);
        ArgumentNullException.ThrowIfNull(targetTitle);
        return new CftExample(History(historyTitles), Question, OneLine(targetTitle), System);
    }

    /// <summary>
    /// The factual conversation without the answer, i.e. what generation sends: the turns
    /// <see cref="ChatTokenizer.Cft"/> trains on up to the assistant turn (its user turn is history, blank line, prompt).
    /// </summary>
    public static IReadOnlyList<ChatTurn> PromptTurns(CftExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var user = new ChatTurn("user", example.History + "\n\n" + example.Prompt);
        return example.System is { Length: > 0 } system ? [new ChatTurn("system", system), user] : [user];
    }

    /// <summary>Tokens of the rendered prompt (with the assistant prefix), counted as the chat client tokenises it.</summary>
    public static int PromptTokenCount(CftExample example, ChatTokenizer tokenizer, LlamaModel model)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(model);
        int[] tokens = model.Tokenize(tokenizer.Render(PromptTurns(example), addAssistantPrefix: true), addSpecial: true, parseSpecial: true);
        // A template that writes BOS itself gets no second one from the chat client.
        return tokens.Length > 1 && tokens[0] == model.BosToken && tokens[1] == model.BosToken ? tokens.Length - 1 : tokens.Length;
    }

    /// <summary>
    /// The row as an example whose prompt fits <paramref name="maxPromptTokens"/>: the oldest titles go first, whole,
    /// rather than letting truncation cut a title (or the system line) in half. One title always stays; a prompt that
    /// still does not fit is left to the tokenizer's truncation.
    /// </summary>
    public static CftExample Fit(NextItemExample row, ChatTokenizer tokenizer, LlamaModel model, int maxPromptTokens)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPromptTokens, 1);
        var titles = row.HistoryTitles;
        for (int drop = 0; ; drop++)
        {
            var example = Example([.. titles.Skip(drop)], row.TargetTitle);
            if (drop >= titles.Count - 1 || PromptTokenCount(example, tokenizer, model) <= maxPromptTokens)
            {
                return example;
            }
        }
    }
}
