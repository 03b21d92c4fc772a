using AgentRec.Core.Data;
using AgentRec.Core.Data.Text;

namespace AgentRec.Core.Tests.Data.Text;

public sealed class CsvReaderTests
{
    private static async Task<List<IReadOnlyList<string>>> ReadAll(string text)
    {
        using var reader = new CsvReader(new StringReader(text), "test.csv");
        var records = new List<IReadOnlyList<string>>();
        while (await reader.ReadRecordAsync() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Plain_fields_split_on_commas_and_lines()
    {
        var records = await ReadAll("a,b,c\n1,2,3\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b", "c"], records[0]);
        Assert.Equal(["1", "2", "3"], records[1]);
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var records = await ReadAll("id,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n4,\"\"\r\n");
        Assert.Equal(5, records.Count);
        Assert.Equal(["1", "a, b"], records[1]);
        Assert.Equal(["2", "say \"hi\""], records[2]);
        Assert.Equal(["3", "two\r\nlines"], records[3]);
        Assert.Equal(["4", ""], records[4]);
    }

    [Fact]
    public async Task Empty_fields_and_missing_final_newline()
    {
        var records = await ReadAll(",a,\n,,");
        Assert.Equal(["", "a", ""], records[0]);
        Assert.Equal(["", "", ""], records[1]);
    }

    [Fact]
    public async Task Bare_CR_and_LF_both_end_records()
    {
        var records = await ReadAll("a\rb\nc\r\nd");
        Assert.Equal(["a", "b", "c", "d"], records.Select(r => r[0]));
    }

    [Fact]
    public async Task Blank_line_is_a_record_with_one_empty_field()
    {
        var records = await ReadAll("a\n\nb\n");
        Assert.Equal(3, records.Count);
        Assert.Equal([""], records[1]);
    }

    [Fact]
    public async Task Record_line_number_is_where_a_multiline_record_starts()
    {
        using var reader = new CsvReader(new StringReader("h\n\"x\ny\nz\"\nnext\n"), "t.csv");
        await reader.ReadRecordAsync();
        Assert.Equal(1, reader.RecordLineNumber);
        await reader.ReadRecordAsync();
        Assert.Equal(2, reader.RecordLineNumber);
        var next = await reader.ReadRecordAsync();
        Assert.Equal(["next"], next);
        Assert.Equal(5, reader.RecordLineNumber);
    }

    [Fact]
    public async Task Quote_inside_unquoted_field_is_an_error_naming_line_and_column()
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAll("a,b\n1,x\"y\n"));
        Assert.Equal("test.csv", error.FilePath);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("column 2", error.Field);
        Assert.Contains("quote inside an unquoted field", error.Message);
    }

    [Fact]
    public async Task Text_after_closing_quote_is_an_error()
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAll("\"ab\"c,d\n"));
        Assert.Equal(1, error.LineNumber);
        Assert.Equal("column 1", error.Field);
        Assert.Contains("after its closing quote", error.Message);
    }

    [Fact]
    public async Task Unterminated_quote_is_an_error_at_the_record_start_line()
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAll("h\n1,\"open\nstill open\n"));
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public async Task After_a_quoting_error_reading_resumes_on_the_next_line()
    {
        using var reader = new CsvReader(new StringReader("1,x\"y,z\n2,ok\n"), "t.csv");
        await Assert.ThrowsAsync<DataFormatException>(async () => await reader.ReadRecordAsync());
        var next = await reader.ReadRecordAsync();
        Assert.Equal(["2", "ok"], next);
        Assert.Equal(2, reader.RecordLineNumber);
    }

    [Fact]
    public async Task Records_longer_than_the_buffer_are_read_whole()
    {
        string big = new('x', 200_000);
        var records = await ReadAll($"\"{big}\",\"a\r\nb\"\n{big}\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(big, records[0][0]);
        Assert.Equal("a\r\nb", records[0][1]);
        Assert.Equal(big, records[1][0]);
    }

    [Fact]
    public async Task Other_delimiters_work()
    {
        using var reader = new CsvReader(new StringReader("a;\"b;c\"\n"), "t.csv", delimiter: ';');
        Assert.Equal(["a", "b;c"], await reader.ReadRecordAsync());
    }
}
