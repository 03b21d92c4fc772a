using AgentRec.Core.Data;

namespace AgentRec.Core.Tests.Data;

public sealed class DataFormatExceptionTests
{
    [Fact]
    public void Message_names_file_line_field_and_value()
    {
        var error = new DataFormatException("/data/ml-100k/u.data", 17, "rating", "x", "is not an integer");
        Assert.Equal("u.data line 17: field 'rating' = 'x' is not an integer", error.Message);
        Assert.Equal("/data/ml-100k/u.data", error.FilePath);
        Assert.Equal("is not an integer", error.Problem);
    }

    [Fact]
    public void Whole_file_and_field_only_forms()
    {
        Assert.Equal("a.json: lists no genres", new DataFormatException("a.json", 0, "lists no genres").Message);
        Assert.Equal("a.csv line 1: field 'header' is missing", new DataFormatException("a.csv", 1, "header", null, "is missing").Message);
        string longValue = new('v', 200);
        Assert.Equal(80 + 1, new DataFormatException("a", 1, "f", longValue, "bad").Message.Split('\'')[3].Length);
    }
}
