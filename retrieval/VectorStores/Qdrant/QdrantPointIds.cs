using System.Security.Cryptography;
using System.Text;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Qdrant point ids must be unsigned integers or UUIDs, so a record id is mapped to a name-based UUID
/// (RFC 9562 version 5: SHA-1 of namespace + UTF-8 name). The mapping is deterministic, so an upsert of the
/// same id overwrites the same point; the original id also travels in the payload to map hits back.
/// </summary>
internal static class QdrantPointIds
{
    /// <summary>AgentRec's namespace (a random UUID fixed once; changing it would orphan every stored point).</summary>
    public static readonly Guid Namespace = new("4f7d3b6e-2a91-4c58-9e0b-7d15c2a6f384");

    public static string ToPointId(string id) => NameBased(Namespace, id).ToString("D");

    public static Guid NameBased(Guid nameSpace, string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] input = new byte[16 + nameBytes.Length];
        nameSpace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        byte[] hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
