using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Native;

public sealed class TorchSharpLoadTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        using Tensor a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using Tensor b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using Tensor product = a.matmul(b);

        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }

    [Fact]
    public void OnlyTheBuildOutputCopyIsPatched()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(output), $"{output} is missing: the test output should hold TorchSharp's native library.");
        Assert.True(ElfVersionNeeds.IsWeak(output, "GLIBCXX_3.4.32"), "the output copy still requires GLIBCXX_3.4.32 strictly");

        // The NuGet cache copy is shared by every project on the machine and must stay as shipped.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(cached))
        {
            Assert.False(ElfVersionNeeds.IsWeak(cached, "GLIBCXX_3.4.32"), $"{cached} was modified");
        }
    }
}
