using System.Runtime.InteropServices;
using TorchSharp;

namespace AgentRec.Sequential.Native;

/// <summary>
/// Loads libtorch before TorchSharp does, so a failure becomes one clear exception. When TorchSharp's
/// own load fails it falls back to copying all of libtorch (~480 MB) from the NuGet cache into a
/// <c>cpu/</c> folder beside the application and then usually fails anyway; loading first and
/// throwing on failure keeps that from ever happening in processes that go through this project.
/// </summary>
internal static class TorchRuntime
{
    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <exception cref="InvalidOperationException">libtorch or TorchSharp's native library cannot be loaded; the message says why.</exception>
    public static void EnsureLoaded() => _ = Loaded.Value;

    private static bool Load()
    {
        var assembly = typeof(torch).Assembly;
        foreach (string name in new[] { "torch_cpu", "LibTorchSharp" })
        {
            try
            {
                NativeLibrary.Load(name, assembly, searchPath: null);
            }
            catch (DllNotFoundException e)
            {
                throw new InvalidOperationException(
                    $"TorchSharp's native library '{name}' could not be loaded next to {assembly.Location}: {e.Message} "
                    + "If the message names GLIBCXX_3.4.32, this output's copy of libLibTorchSharp.so was not patched by "
                    + "build/TorchSharpNative.targets (see sequential/README.md); rebuild the project that produced it.",
                    e);
            }
        }

        return true;
    }
}
