using AgentRec.Finetune.Data;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Runtime;
using Xunit.Abstractions;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>
/// The shared tiny llama (a real llama.cpp conversion with Llama 2's SentencePiece vocabulary) under llama.cpp's
/// "llama2" template. SentencePiece prefixes a space to the first word of a string, so a reply tokenised on its own
/// ("▁Re…") differs from the same reply inside the conversation ("Re…" right after "[/INST]").
/// </summary>
public sealed class SentencePieceTokenizerTests(ITestOutputHelper output)
{
    [Fact]
    public void TrainingTokensAreTheWholeConversationsTokens()
    {
        if (TestPaths.TinyLlamaModel is not { } path)
        {
            output.WriteLine("../shared/models/llama-2-tiny-random.gguf is absent; nothing to check.");
            return;
        }

        using var model = LlamaModel.Load(path);
        var tokenizer = new ChatTokenizer(model, maxLength: 512, templateOverride: "llama2");
        var example = new SftExample(
        [
            new ChatTurn("user", "A board game for two?"),
            new ChatTurn("assistant", "Recommend: Patchwork"),
            new ChatTurn("user", "Something longer?"),
            new ChatTurn("assistant", "Recommend: Twilight Struggle"),
        ]);
        var sequence = tokenizer.Sft(example);
        output.WriteLine(string.Join(" ", sequence.Tokens.Select((t, i) => (sequence.Targets[i] ? "*" : string.Empty) + model.TokenText(t))));

        int[] whole = model.Tokenize(tokenizer.Render(example.Messages, addAssistantPrefix: false), addSpecial: true, parseSpecial: true);
        Assert.Equal(whole, sequence.Tokens);
        Assert.Equal("Recommend: Patchwork</s>Recommend: Twilight Struggle</s>", model.Detokenize(sequence.TargetTokens(), renderSpecial: true));
        Assert.NotEqual(model.Tokenize("Recommend: Patchwork", addSpecial: false)[0], sequence.TargetTokens()[0]);
    }
}
