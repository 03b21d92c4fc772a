using System.Runtime.InteropServices;
using TorchSharp;

namespace AgentRec.Finetune.Native;

/// <summary>
/// Loads libtorch and TorchSharp's native library before the first TorchSharp call. On a failed load
/// TorchSharp itself copies all of libtorch (~480 MB) beside the application and usually fails anyway;
/// loading here first turns that into one exception that says what to do (see sequential/README.md).
/// </summary>
internal static class TorchRuntime
{
    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <exception cref="InvalidOperationException">A native library cannot be loaded; the message names it.</exception>
    public static void EnsureLoaded() => _ = Loaded.Value;

    private static bool Load()
    {
        var assembly = typeof(torch).Assembly;
        foreach (var name in new[] { "torch_cpu", "LibTorchSharp" })
        {
            try
            {
                NativeLibrary.Load(name, assembly, searchPath: null);
            }
            catch (DllNotFoundException e)
            {
                throw new InvalidOperationException(
                    $"TorchSharp's native library '{name}' could not be loaded next to {assembly.Location}: {e.Message} "
                    + "A message naming GLIBCXX_3.4.32 means this output's libLibTorchSharp.so was not patched by "
                    + "build/TorchSharpNative.targets; rebuild the project that produced it.",
                    e);
            }
        }

        return true;
    }
}
