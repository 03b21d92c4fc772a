using AgentRec.Finetune.Data;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>JSONL readers: good files parse, and a bad line is reported by file, line number and field.</summary>
public sealed class DatasetTests
{
    [Fact]
    public void FixturesParse()
    {
        var sft = JsonlDatasets.ReadSft(TrainingFixtures.Sft());
        Assert.Equal(6, sft.Count);
        Assert.Equal(["system", "user", "assistant"], sft[0].Messages.Select(m => m.Role));
        Assert.Equal("Recommend: Patchwork", sft[1].Messages[2].Content);

        var dpo = JsonlDatasets.ReadDpo(TrainingFixtures.Dpo());
        Assert.Equal("Recommend: Event Horizon", dpo[0].Chosen);
        Assert.Equal("Recommend: Patchwork", dpo[0].Rejected);

        var cft = JsonlDatasets.ReadCft(TrainingFixtures.Cft());
        Assert.StartsWith("Watched:", cft[0].History);
        Assert.Null(cft[0].System);
    }

    [Theory]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"content\": \"hello\"}]}", "messages[1].role", "is missing")]
    [InlineData("{\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}", "messages[0].role", "'robot'")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": 3}]}", "messages[0].content", "not a string")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "messages", "no assistant turn")]
    [InlineData("{\"messages\": []}", "messages", "non-empty array")]
    [InlineData("{\"messages\": [{\"role\": \"user\"", "(line)", "not valid JSON")]
    [InlineData("[1, 2]", "(line)", "not an object")]
    public void BadSftLineIsNamed(string badLine, string field, string problem)
    {
        var good = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"}]}";
        var path = TrainingFixtures.Write("bad-sft.jsonl", [good, "", badLine, good]);
        var error = Assert.Throws<DatasetFormatException>(() => JsonlDatasets.ReadSft(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(3, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains($"{path}, line 3, field '{field}'", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void BadCftAndDpoLinesAreNamed()
    {
        var cft = TrainingFixtures.Write("bad-cft.jsonl", ["{\"history\": \"h\", \"prompt\": \"p\", \"answer\": \"a\"}", "{\"history\": \"h\", \"prompt\": \"p\"}"]);
        var error = Assert.Throws<DatasetFormatException>(() => JsonlDatasets.ReadCft(cft));
        Assert.Equal((2, "answer"), (error.Line, error.Field));

        var dpo = TrainingFixtures.Write("bad-dpo.jsonl", ["{\"prompt\": [{\"role\": \"user\", \"content\": \"p\"}], \"chosen\": \"a\", \"rejected\": \"a\"}"]);
        error = Assert.Throws<DatasetFormatException>(() => JsonlDatasets.ReadDpo(dpo));
        Assert.Equal((1, "rejected"), (error.Line, error.Field));

        var empty = TrainingFixtures.Write("empty.jsonl", ["", "  "]);
        Assert.Throws<InvalidDataException>(() => JsonlDatasets.ReadSft(empty));
    }
}
