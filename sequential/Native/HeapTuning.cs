using System.Runtime.InteropServices;

namespace AgentRec.Sequential.Native;

/// <summary>
/// Keeps glibc from handing large blocks back to the kernel. libtorch allocates tensors with
/// posix_memalign; glibc serves blocks above its mmap threshold (at most 32 MB) with a fresh mmap and
/// unmaps them on free, so every training step page-faults its logits (tens of MB) in again. On this
/// project's VMs those faults cost more than the arithmetic: full-catalogue logits ran ~6× slower
/// (measured: exp over 1500×12101 floats 250 ms → 15 ms once memory was reused). Serving all blocks
/// from the heap and never trimming it fixes that, at the price of the process keeping its peak heap.
/// Process-wide, so only training turns it on; a no-op where the C library is not glibc.
/// </summary>
internal static class HeapTuning
{
    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapMax = -4;

    private static int s_applied;

    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref s_applied, 1) == 1)
        {
            return false;
        }

        try
        {
            return mallopt(MMmapMax, 0) == 1 & mallopt(MTrimThreshold, int.MaxValue) == 1 & mallopt(MTopPad, 64 << 20) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe code here.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    private static extern int mallopt(int parameter, int value);
}
