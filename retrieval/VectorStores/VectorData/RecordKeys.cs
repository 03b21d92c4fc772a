using System.Globalization;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Maps VectorData keys (string, Guid, int, long) to the string ids of an <see cref="IVectorIndex"/> and back.</summary>
internal static class RecordKeys
{
    /// <summary>The index id of <paramref name="key"/>; <paramref name="keyType"/> is the key property's type.</summary>
    public static string ToId(object? key, Type keyType, string collection) => key switch
    {
        null => throw new ArgumentNullException(nameof(key), $"Collection '{collection}': a record key must not be null."),
        string s when keyType == typeof(string) => s.Length > 0
            ? s
            : throw new ArgumentException($"Collection '{collection}': a string key must not be empty.", nameof(key)),
        Guid g when keyType == typeof(Guid) => g.ToString("D"),
        long l when keyType == typeof(long) => l.ToString(CultureInfo.InvariantCulture),
        int i when keyType == typeof(int) || keyType == typeof(long) => i.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(
            $"Collection '{collection}': key '{key}' of type {key.GetType().Name} does not match the key property type {keyType.Name}.", nameof(key)),
    };

    /// <summary>The key an index id stands for; an id this key type cannot hold means the index was written by someone else.</summary>
    public static object FromId(string id, Type keyType, string collection)
    {
        if (keyType == typeof(string))
        {
            return id;
        }

        bool parsed;
        object key;
        if (keyType == typeof(Guid))
        {
            parsed = Guid.TryParse(id, out Guid g);
            key = g;
        }
        else if (keyType == typeof(long))
        {
            parsed = long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l);
            key = l;
        }
        else
        {
            parsed = int.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i);
            key = i;
        }

        return parsed
            ? key
            : throw new InvalidOperationException(
                $"Collection '{collection}' holds a record with id '{id}', which is not a valid {keyType.Name} key.");
    }
}
