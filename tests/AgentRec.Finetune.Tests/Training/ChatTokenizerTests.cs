using AgentRec.Finetune.Data;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Batching;
using AgentRec.Llm.ChatCompletion;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>Tokenisation through the GGUF's tokenizer and ChatML template: targets are exactly the assistant turns.</summary>
public sealed class ChatTokenizerTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModels.Get("llama", GgmlType.F32));

    public void Dispose() => _model.Dispose();

    private static readonly SftExample TwoTurns = new(
    [
        new ChatTurn("system", "You recommend items."),
        new ChatTurn("user", "A board game for two?"),
        new ChatTurn("assistant", "Recommend: Patchwork"),
        new ChatTurn("user", "Something longer?"),
        new ChatTurn("assistant", "Recommend: Twilight Struggle"),
    ]);

    [Fact]
    public void SftTargetsAreTheAssistantTurnsUpToEndOfTurn()
    {
        var tokenizer = new ChatTokenizer(_model, maxLength: 512);
        var sequence = tokenizer.Sft(TwoTurns);

        string targets = _model.Detokenize(sequence.TargetTokens(), renderSpecial: true);
        Assert.Equal("Recommend: Patchwork<|im_end|>Recommend: Twilight Struggle<|im_end|>", targets);

        // The context before the last reply is token for token the prompt the chat client sends at inference.
        string prompt = tokenizer.Render(TwoTurns.Messages.Take(4).ToList(), addAssistantPrefix: true);
        Assert.EndsWith("<|im_start|>user\nSomething longer?<|im_end|>\n<|im_start|>assistant\n", prompt);
        int[] inference = _model.Tokenize(prompt, addSpecial: true, parseSpecial: true);
        int start = FirstTargetOfLastRun(sequence.Targets);
        Assert.Equal(inference, sequence.Tokens[..start]);
    }

    /// <summary>The chat client reports how many prompt tokens it sent: as many as the context before the last reply.</summary>
    [Fact]
    public async Task ContextBeforeAReplyIsWhatTheChatClientSends()
    {
        var sequence = new ChatTokenizer(_model, maxLength: 512).Sft(TwoTurns);
        using var engine = new LlamaInferenceEngine(_model, new InferenceEngineOptions { MaxParallelSequences = 1, ContextSize = 512, BatchSize = 64 });
        using var client = new LlamaChatClient(engine);
        var messages = TwoTurns.Messages.Take(4).Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        var response = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 1 });
        Assert.Equal(FirstTargetOfLastRun(sequence.Targets), response.Usage?.InputTokenCount);
    }

    [Fact]
    public void LongSequencesLoseTheirOldestTokens()
    {
        var full = new ChatTokenizer(_model, maxLength: 512).Sft(TwoTurns);
        int max = full.Length - 7;
        var cut = new ChatTokenizer(_model, max).Sft(TwoTurns);
        Assert.Equal(max, cut.Length);
        Assert.Equal(full.Tokens[^(max - 1)..], cut.Tokens[1..]);
        Assert.Equal(full.Targets[^(max - 1)..], cut.Targets[1..]);
        Assert.Equal(full.Tokens[0], cut.Tokens[0]);

        var tooShort = new ChatTokenizer(_model, maxLength: 3);
        var error = Assert.Throws<ArgumentException>(() => tooShort.Sft(TwoTurns, index: 41));
        Assert.Contains("Example 41", error.Message);
    }

    [Fact]
    public void CftAnswersLineUpAfterLeftPadding()
    {
        var tokenizer = new ChatTokenizer(_model, maxLength: 512);
        var pair = tokenizer.Cft(new CftExample("Watched: Alien; Heat; Arrival", "What next?", "Recommend: Sicario"));
        Assert.True(pair.Factual.Length > pair.Counterfactual.Length + 3);
        Assert.Equal(pair.Factual.TargetTokens(), pair.Counterfactual.TargetTokens());
        Assert.Equal("Recommend: Sicario<|im_end|>", _model.Detokenize(pair.Factual.TargetTokens(), renderSpecial: true));
        Assert.Contains("Alien", _model.Detokenize(pair.Factual.Tokens));
        Assert.DoesNotContain("Alien", _model.Detokenize(pair.Counterfactual.Tokens));

        int width = pair.Factual.Length;
        using var factual = SequenceBatch.Create([pair.Factual], padLeft: true, width);
        using var counterfactual = SequenceBatch.Create([pair.Counterfactual], padLeft: true, width);
        Assert.Equal(factual.Labels.data<long>().ToArray(), counterfactual.Labels.data<long>().ToArray());
        Assert.NotNull(counterfactual.Mask);
        Assert.Equal(width - pair.Counterfactual.Length, counterfactual.Mask!.data<long>().ToArray().Count(m => m == 0));
    }

    [Fact]
    public void DpoPairsShareThePromptAndDifferInTheTurn()
    {
        var tokenizer = new ChatTokenizer(_model, maxLength: 512);
        var messages = new List<ChatTurn> { new("user", "A board game for two?") };
        var pair = tokenizer.Dpo(new DpoExample(messages, "Recommend: Patchwork", "Ask: what do you usually play?"));
        int[] prompt = _model.Tokenize(tokenizer.Render(messages, addAssistantPrefix: true), addSpecial: true, parseSpecial: true);
        Assert.Equal(prompt, pair.Chosen.Tokens[..prompt.Length]);
        Assert.Equal(prompt, pair.Rejected.Tokens[..prompt.Length]);
        Assert.Equal("Recommend: Patchwork<|im_end|>", _model.Detokenize(pair.Chosen.TargetTokens(), renderSpecial: true));
        Assert.Equal("Ask: what do you usually play?<|im_end|>", _model.Detokenize(pair.Rejected.TargetTokens(), renderSpecial: true));

        // A tight limit cuts the prompt, never the turns, and keeps both prompts identical.
        int longest = Math.Max(pair.Chosen.Length, pair.Rejected.Length);
        var cut = new ChatTokenizer(_model, longest - 4).Dpo(new DpoExample(messages, "Recommend: Patchwork", "Ask: what do you usually play?"));
        Assert.Equal(longest - 4, Math.Max(cut.Chosen.Length, cut.Rejected.Length));
        Assert.Equal(pair.Chosen.TargetTokens(), cut.Chosen.TargetTokens());
        int keptPrompt = cut.Chosen.Targets.ToList().IndexOf(true);
        Assert.Equal(cut.Chosen.Tokens[..keptPrompt], cut.Rejected.Tokens[..keptPrompt]);
    }

    private static int FirstTargetOfLastRun(bool[] targets)
    {
        int end = Array.FindLastIndex(targets, t => t);
        int start = end;
        while (start > 0 && targets[start - 1])
        {
            start--;
        }

        return start;
    }
}
