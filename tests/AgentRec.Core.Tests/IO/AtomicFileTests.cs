using AgentRec.Core.IO;

namespace AgentRec.Core.Tests.IO;

public sealed class AtomicFileTests
{
    [Fact]
    public async Task ReplacesTheTargetAndLeavesNoTemporaryFileEvenWhenAWriteFails()
    {
        var folder = Path.Combine(Path.GetTempPath(), "agentrec-atomic-" + Guid.NewGuid().ToString("N"));
        var target = Path.Combine(folder, "nested", "out.txt");
        try
        {
            AtomicFile.WriteAllText(target, "first");
            await AtomicFile.WriteAllTextAsync(target, "second");
            Assert.Equal("second", File.ReadAllText(target));
            AtomicFile.WriteAllBytes(target, [0x41, 0x42]);
            Assert.Equal("AB", File.ReadAllText(target));

            Assert.Throws<FileNotFoundException>(() => AtomicFile.Copy(Path.Combine(folder, "missing"), target));
            Assert.Equal("AB", File.ReadAllText(target));
            Assert.Equal(["out.txt"], Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WritesLinesWithoutAByteOrderMarkAndKeepsTheOldFileWhenTheLinesFail()
    {
        var folder = Path.Combine(Path.GetTempPath(), "agentrec-atomic-" + Guid.NewGuid().ToString("N"));
        var target = Path.Combine(folder, "out.jsonl");
        try
        {
            AtomicFile.WriteAllLines(target, ["{\"a\":1}", "{\"b\":2}"]);
            Assert.Equal("{\"a\":1}\n{\"b\":2}\n"u8.ToArray(), File.ReadAllBytes(target));

            static IEnumerable<string> Failing()
            {
                yield return "partial";
                throw new InvalidDataException("row 2 is bad");
            }

            Assert.Throws<InvalidDataException>(() => AtomicFile.WriteAllLines(target, Failing()));
            Assert.Equal(["{\"a\":1}", "{\"b\":2}"], File.ReadAllLines(target));
            Assert.Equal(["out.jsonl"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
