using System.Security.Cryptography;
using System.Text.Json;
using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Models;

/// <summary>
/// The local model store: GGUF files under <c>{root}/models</c>, each known by name, path, sha256
/// and metadata read from its header. Also builds the default model on first use.
/// </summary>
public sealed class ModelStore
{
    /// <summary>Environment variable that moves the store (default: $XDG_CACHE_HOME/agentrec or ~/.cache/agentrec).</summary>
    public const string HomeVariable = "AGENTREC_HOME";

    /// <summary>
    /// Name of the default model: agentrec-nano, the project's own small llama chat model (see models/README.md),
    /// shipped beside the program as <see cref="ShippedModelsFolder"/>/agentrec-nano.gguf and copied into the store
    /// on first use.
    /// </summary>
    public const string DefaultModelName = "agentrec-nano";

    /// <summary>Folder next to the program's assemblies that holds the shipped default model.</summary>
    public const string ShippedModelsFolder = "models";

    /// <summary>
    /// A 2-layer llama with random weights, written by the GGUF writer from a fixed seed (same bytes everywhere, ~2 MB):
    /// exercises the whole runtime in tests and benchmarks, but its text is noise. Resolvable by this name.
    /// </summary>
    public const string RandomTinyModelName = "agentrec-random-tiny";

    public static readonly RandomLlamaModelOptions RandomTinyModelRecipe = new()
    {
        Architecture = "llama",
        Layers = 2,
        EmbeddingLength = 128,
        HeadCount = 4,
        HeadCountKv = 2,
        FeedForwardLength = 352,
        VocabularySize = 4096,
        ContextLength = 4096,
        Seed = 20261123,
        Name = RandomTinyModelName,
    };

    public ModelStore(string? root = null)
    {
        Root = Path.GetFullPath(root ?? DefaultRoot());
    }

    public string Root { get; }

    public string ModelsDirectory => Path.Combine(Root, "models");

    public static string DefaultRoot()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return home;
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "agentrec");
    }

    /// <summary>
    /// Resolves a model reference: an existing file path, or the name of a model in the store.
    /// Null means the default model, created if missing.
    /// </summary>
    public string Resolve(string? pathOrName, IProgress<double>? progress = null)
    {
        if (string.IsNullOrWhiteSpace(pathOrName))
        {
            return EnsureDefaultModel(progress);
        }

        if (File.Exists(pathOrName))
        {
            return Path.GetFullPath(pathOrName);
        }

        var named = Path.Combine(ModelsDirectory, pathOrName.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) ? pathOrName : pathOrName + ".gguf");
        if (File.Exists(named))
        {
            return named;
        }

        if (string.Equals(pathOrName, DefaultModelName, StringComparison.Ordinal))
        {
            return EnsureDefaultModel(progress);
        }

        if (string.Equals(pathOrName, RandomTinyModelName, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(ModelsDirectory);
            RandomLlamaModelWriter.Write(named, RandomTinyModelRecipe, progress);
            return named;
        }

        var known = List().Select(m => m.Name).ToList();
        throw new FileNotFoundException(
            $"Model '{pathOrName}' is neither a file nor a model in {ModelsDirectory}" +
            (known.Count > 0 ? $" (known: {string.Join(", ", known)})." : "."), pathOrName);
    }

    /// <summary>
    /// Copies the shipped default model into the store if it is not there yet (header checked first, copy atomic);
    /// returns its path in the store.
    /// </summary>
    /// <exception cref="FileNotFoundException">The program was installed without its models folder.</exception>
    /// <exception cref="GgufFormatException">The shipped file is not a valid GGUF (e.g. a Git LFS pointer).</exception>
    public string EnsureDefaultModel(IProgress<double>? progress = null)
    {
        var path = Path.Combine(ModelsDirectory, DefaultModelName + ".gguf");
        if (File.Exists(path))
        {
            return path;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, ShippedModelsFolder, DefaultModelName + ".gguf");
        if (!File.Exists(shipped))
        {
            throw new FileNotFoundException(
                $"The default model {DefaultModelName} is neither in {ModelsDirectory} nor shipped at {shipped}. " +
                $"Build it with `agentrec train nano --out {path}` or pass --model with any GGUF chat model.", shipped);
        }

        GgufFile.Read(shipped);
        Directory.CreateDirectory(ModelsDirectory);
        AgentRec.Core.IO.AtomicFile.Copy(shipped, path);
        progress?.Report(1.0);
        return path;
    }

    /// <summary>Models in the store with their header metadata (unreadable files are listed with the error).</summary>
    public IReadOnlyList<StoredModel> List()
    {
        if (!Directory.Exists(ModelsDirectory))
        {
            return [];
        }

        var models = new List<StoredModel>();
        foreach (var file in Directory.EnumerateFiles(ModelsDirectory, "*.gguf").Order(StringComparer.Ordinal))
        {
            try
            {
                var gguf = GgufFile.Read(file);
                models.Add(new StoredModel(Path.GetFileNameWithoutExtension(file), file, new FileInfo(file).Length, gguf.Architecture, gguf.ParameterCount, null));
            }
            catch (GgufFormatException ex)
            {
                models.Add(new StoredModel(Path.GetFileNameWithoutExtension(file), file, new FileInfo(file).Length, null, 0, ex.Message));
            }
        }

        return models;
    }

    /// <summary>
    /// SHA-256 of a model file, cached in a sidecar keyed by size and modification time so large
    /// files are hashed once.
    /// </summary>
    public static string Sha256(string path)
    {
        var info = new FileInfo(path);
        var sidecar = path + ".sha256.json";
        if (File.Exists(sidecar))
        {
            try
            {
                var cached = JsonSerializer.Deserialize<HashRecord>(File.ReadAllText(sidecar));
                if (cached is not null && cached.Length == info.Length && cached.LastWriteUtcTicks == info.LastWriteTimeUtc.Ticks)
                {
                    return cached.Sha256;
                }
            }
            catch (JsonException)
            {
                // A damaged cache is recomputed below.
            }
        }

        string hash;
        using (var stream = File.OpenRead(path))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        try
        {
            var temp = sidecar + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new HashRecord(info.Length, info.LastWriteTimeUtc.Ticks, hash)));
            File.Move(temp, sidecar, overwrite: true);
        }
        catch (IOException)
        {
            // Read-only folders still get the hash, just not cached.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return hash;
    }

    private sealed record HashRecord(long Length, long LastWriteUtcTicks, string Sha256);
}

/// <summary>A model file in the store.</summary>
public sealed record StoredModel(string Name, string Path, long SizeBytes, string? Architecture, ulong ParameterCount, string? Error);
