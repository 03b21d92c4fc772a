using System.Reflection;
using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

/// <summary>
/// Finds and loads llama.cpp's shared libraries. The files carry version suffixes
/// (<c>libllama.v0.5.0.so</c>), so the default probing never finds them: we resolve by full path.
/// ggml's CPU backends are separate plugins (one per instruction set) that must be loaded
/// from their folder before <c>llama_backend_init</c>, or no CPU device exists.
/// </summary>
internal static class LlamaNativeLibrary
{
    /// <summary>Environment variable that points to a folder with the llama.cpp libraries.</summary>
    public const string DirectoryVariable = "AGENTREC_LLAMA_LIB_DIR";

    private static readonly Dictionary<string, string[]> FileNames = new()
    {
        [NativeMethods.LlamaLibrary] = ["libllama.v0.5.0.so", "libllama.so"],
        [NativeMethods.GgmlLibrary] = ["libggml.v0.5.0.so", "libggml.so"],
        [NativeMethods.GgmlBaseLibrary] = ["libggml-base.so"],
    };

    private static readonly Lock Gate = new();
    private static string? _directory;
    private static bool _resolverSet;

    public static string Directory => _directory ?? throw new InvalidOperationException("llama.cpp libraries are not loaded yet.");

    /// <summary>Installs the import resolver (idempotent) and returns the library folder.</summary>
    public static string EnsureResolver()
    {
        lock (Gate)
        {
            if (_resolverSet)
            {
                return _directory!;
            }

            _directory = FindDirectory();
            NativeLibrary.SetDllImportResolver(typeof(LlamaNativeLibrary).Assembly, Resolve);
            _resolverSet = true;
            return _directory;
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!FileNames.TryGetValue(libraryName, out var candidates))
        {
            return 0;
        }

        foreach (var candidate in candidates)
        {
            var path = Path.Combine(_directory!, candidate);
            if (File.Exists(path))
            {
                return NativeLibrary.Load(path);
            }
        }

        throw new DllNotFoundException(
            $"llama.cpp library '{libraryName}' ({string.Join(" or ", candidates)}) was not found in '{_directory}'. " +
            $"Rebuild the solution (the build fetches it), or set {DirectoryVariable} to a folder that has it.");
    }

    private static string FindDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!File.Exists(Path.Combine(fromEnvironment, FileNames[NativeMethods.LlamaLibrary][0])))
            {
                throw new DllNotFoundException($"{DirectoryVariable}='{fromEnvironment}' does not contain {FileNames[NativeMethods.LlamaLibrary][0]}.");
            }

            return Path.GetFullPath(fromEnvironment);
        }

        var probe = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"),
            AppContext.BaseDirectory,
        };
        foreach (var directory in probe)
        {
            if (File.Exists(Path.Combine(directory, FileNames[NativeMethods.LlamaLibrary][0])))
            {
                return directory;
            }
        }

        throw new DllNotFoundException(
            $"llama.cpp libraries were not found under '{probe[0]}'. Build the solution with 'dotnet build' " +
            $"(it downloads them with npm), or set {DirectoryVariable}.");
    }
}
