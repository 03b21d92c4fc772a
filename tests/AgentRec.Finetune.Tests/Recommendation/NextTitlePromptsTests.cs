using AgentRec.Core.NextItem;
using AgentRec.Finetune.Data;
using AgentRec.Finetune.Recommendation;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;

namespace AgentRec.Finetune.Tests.Recommendation;

/// <summary>The next-title chat: SFT, CFT and generation see the same factual prompt.</summary>
public sealed class NextTitlePromptsTests : IDisposable
{
    private static readonly NextItemExample Row = new(
        "u1",
        ["1", "2", "3", "4"],
        ["Toy Story (1995)", "GoldenEye (1995)", "Four Rooms\n(1995)", "Get Shorty (1995)"],
        "5",
        "  Copycat   (1995) ");

    private readonly LlamaModel _model = LlamaModel.Load(TestModels.Get("llama", GgmlType.F32));

    public void Dispose() => _model.Dispose();

    [Fact]
    public void TheHistoryIsNumberedOneTitlePerLineAndTheAnswerIsOneLine()
    {
        var example = NextTitlePrompts.Example(Row);
        Assert.Equal("1. Toy Story (1995)\n2. GoldenEye (1995)\n3. Four Rooms (1995)\n4. Get Shorty (1995)", example.History);
        Assert.Equal("Copycat (1995)", example.Answer);
        Assert.Equal(NextTitlePrompts.Question, example.Prompt);
        Assert.Equal(NextTitlePrompts.System, example.System);
    }

    [Fact]
    public void TheGenerationPromptIsTheFactualContextCftAndSftTrainOn()
    {
        var tokenizer = new ChatTokenizer(_model, maxLength: 1024);
        var example = NextTitlePrompts.Example(Row);
        var pair = tokenizer.Cft(example);

        // The prompt turns plus the answer, tokenised as SFT, are the CFT pair's factual sequence.
        var sft = tokenizer.Sft(new SftExample([.. NextTitlePrompts.PromptTurns(example), new ChatTurn("assistant", example.Answer)]));
        Assert.Equal(pair.Factual.Tokens, sft.Tokens);
        Assert.Equal(pair.Factual.Targets, sft.Targets);

        // What generation sends is everything before the first answer token.
        int answerStart = Array.IndexOf(pair.Factual.Targets, true);
        Assert.Equal(answerStart, NextTitlePrompts.PromptTokenCount(example, tokenizer, _model));
        Assert.Contains("1. Toy Story (1995)", tokenizer.Render(NextTitlePrompts.PromptTurns(example), addAssistantPrefix: true));
        Assert.DoesNotContain("Toy Story", tokenizer.Render(NextTitlePrompts.PromptTurns(example with { History = string.Empty }), addAssistantPrefix: true));
    }

    [Fact]
    public void FittingDropsTheOldestWholeTitlesButKeepsOne()
    {
        var tokenizer = new ChatTokenizer(_model, maxLength: 1024);
        int Tokens(int keep) => NextTitlePrompts.PromptTokenCount(NextTitlePrompts.Example(Row.HistoryTitles.TakeLast(keep).ToList(), Row.TargetTitle), tokenizer, _model);

        Assert.Equal(NextTitlePrompts.Example(Row), NextTitlePrompts.Fit(Row, tokenizer, _model, Tokens(4)));
        var two = NextTitlePrompts.Fit(Row, tokenizer, _model, Tokens(2));
        Assert.Equal("1. Four Rooms (1995)\n2. Get Shorty (1995)", two.History);
        Assert.Equal(Tokens(2), NextTitlePrompts.PromptTokenCount(two, tokenizer, _model));
        var one = NextTitlePrompts.Fit(Row, tokenizer, _model, 1);
        Assert.Equal("1. Get Shorty (1995)", one.History);
    }
}
