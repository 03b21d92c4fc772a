using System.Buffers.Binary;
using System.Text;

namespace AgentRec.Sequential.Tests.Native;

/// <summary>Reads the flags of one version requirement in an ELF64 file's .gnu.version_r (test-side, independent of the build task).</summary>
internal static class ElfVersionNeeds
{
    public static bool IsWeak(string path, string version)
    {
        ReadOnlySpan<byte> elf = File.ReadAllBytes(path);
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(elf[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3a..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3c..]);
        for (int s = 0; s < shnum; s++)
        {
            ReadOnlySpan<byte> header = elf[(int)(shoff + s * shentsize)..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != 0x6ffffffe)
            {
                continue;
            }

            int offset = (int)BinaryPrimitives.ReadInt64LittleEndian(header[0x18..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2c..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            int strings = (int)BinaryPrimitives.ReadInt64LittleEndian(elf[(int)(shoff + link * shentsize + 0x18)..]);
            for (int n = 0, need = offset; n < count; n++)
            {
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (int a = 0; a < BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]); a++)
                {
                    int name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]);
                    int end = elf[name..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(elf.Slice(name, end)) == version)
                    {
                        return (BinaryPrimitives.ReadUInt16LittleEndian(elf[(aux + 4)..]) & 2) != 0;
                    }

                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            }
        }

        throw new InvalidOperationException($"{path} does not require {version}.");
    }
}
