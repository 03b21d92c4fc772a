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
    /// Name of the default model. Until the trained agentrec-nano model ships, it is a small
    /// random-weight llama model written by the GGUF writer (fixed seed, so identical everywhere):
    /// it exercises the whole runtime but its text is noise.
    /// </summary>
    public const string DefaultModelName = "agentrec-random-tiny";

    public static readonly RandomLlamaModelOptions DefaultModelRecipe = new()
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
        Name = DefaultModelName,
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

        var known = List().Select(m => m.Name).ToList();
        throw new FileNotFoundException(
            $"Model '{pathOrName}' is neither a file nor a model in {ModelsDirectory}" +
            (known.Count > 0 ? $" (known: {string.Join(", ", known)})." : "."), pathOrName);
    }

    /// <summary>Writes the default model if it is not in the store yet; returns its path.</summary>
    public string EnsureDefaultModel(IProgress<double>? progress = null)
    {
        var path = Path.Combine(ModelsDirectory, DefaultModelName + ".gguf");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(ModelsDirectory);
        RandomLlamaModelWriter.Write(path, DefaultModelRecipe, progress);
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
