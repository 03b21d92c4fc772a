using System.Collections.ObjectModel;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Validates a caller's payload and copies it into the canonical form every backend stores:
/// string, long, double, bool, string[] (or null). The copy also isolates the index from later caller mutation.
/// </summary>
internal static class PayloadValues
{
    public static IReadOnlyDictionary<string, object?>? Normalize(IReadOnlyDictionary<string, object?>? payload, string recordId)
    {
        // An empty payload is stored as none, as Qdrant would return it.
        if (payload is null || payload.Count == 0)
        {
            return null;
        }

        var copy = new Dictionary<string, object?>(payload.Count, StringComparer.Ordinal);
        foreach (var (key, value) in payload)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException($"Record '{recordId}': payload has an empty field name.");
            }

            copy[key] = NormalizeValue(value, recordId, key);
        }

        return new ReadOnlyDictionary<string, object?>(copy);
    }

    private static object? NormalizeValue(object? value, string recordId, string key) => value switch
    {
        null => null,
        string s => s,
        long l => l,
        int i => (long)i,
        short s16 => (long)s16,
        byte b => (long)b,
        uint u => (long)u,
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => (double)f,
        double or float => throw new ArgumentException(
            $"Record '{recordId}': payload field '{key}' is {value}; only finite numbers can be stored."),
        bool flag => flag,
        string[] array when Array.IndexOf(array, null) < 0 => (string[])array.Clone(),
        IEnumerable<string> strings when strings.All(s => s is not null) => strings.ToArray(),
        _ => throw new ArgumentException(
            $"Record '{recordId}': payload field '{key}' has unsupported type {value.GetType().Name}; " +
            "allowed types are string, long, double, bool and string[] (without null elements)."),
    };
}
