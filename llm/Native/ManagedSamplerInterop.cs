using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int Id;
    public float Logit;
    public float P;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* Data;
    public nuint Size;
    public long Selected;
    public byte Sorted;
}

/// <summary>Mirror of <c>struct llama_sampler</c>: the interface pointer and the implementation's context.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerNative
{
    public nint Iface;
    public nint Context;
}

/// <summary>What a sampler written in C# implements; llama.cpp calls it through <see cref="ManagedSamplerInterop"/>.</summary>
internal interface IManagedSampler
{
    void Apply(Span<LlamaTokenData> candidates);

    void Accept(int token);

    void Reset();
}

/// <summary>
/// Exposes <see cref="IManagedSampler"/> objects as llama.cpp samplers (<c>llama_sampler_init</c> with our own
/// <c>llama_sampler_i</c>), so they sit inside a native sampler chain next to grammar and top-k.
/// </summary>
internal static unsafe class ManagedSamplerInterop
{
    // llama_sampler_i in this release: name, accept, apply, reset, clone, free + 6 experimental backend hooks (left null).
    private const int InterfaceSlots = 12;

    private static readonly nint Interface = CreateInterface();
    private static readonly nint Name = Marshal.StringToCoTaskMemUTF8("agentrec-managed");

    /// <summary>Receives exceptions thrown by managed samplers (they cannot propagate through native frames).</summary>
    public static Action<string, Exception>? Error { get; set; }

    /// <summary>Creates a native sampler that forwards to <paramref name="sampler"/>; the chain that receives it frees it.</summary>
    public static nint Create(IManagedSampler sampler)
    {
        var handle = GCHandle.Alloc(sampler);
        var native = NativeMethods.llama_sampler_init(Interface, GCHandle.ToIntPtr(handle));
        if (native == 0)
        {
            handle.Free();
        }

        return native;
    }

    private static nint CreateInterface()
    {
        var iface = (nint*)NativeMemory.AllocZeroed((nuint)(InterfaceSlots * sizeof(nint)));
        iface[0] = (nint)(delegate* unmanaged[Cdecl]<LlamaSamplerNative*, nint>)&GetName;
        iface[1] = (nint)(delegate* unmanaged[Cdecl]<LlamaSamplerNative*, int, void>)&OnAccept;
        iface[2] = (nint)(delegate* unmanaged[Cdecl]<LlamaSamplerNative*, LlamaTokenDataArray*, void>)&OnApply;
        iface[3] = (nint)(delegate* unmanaged[Cdecl]<LlamaSamplerNative*, void>)&OnReset;
        iface[5] = (nint)(delegate* unmanaged[Cdecl]<LlamaSamplerNative*, void>)&OnFree;
        return (nint)iface;
    }

    private static IManagedSampler Target(LlamaSamplerNative* sampler) => (IManagedSampler)GCHandle.FromIntPtr(sampler->Context).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint GetName(LlamaSamplerNative* sampler) => Name;

    // Exceptions must not cross into native code: a failing managed sampler leaves the candidates untouched.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnAccept(LlamaSamplerNative* sampler, int token)
    {
        try
        {
            Target(sampler).Accept(token);
        }
        catch (Exception e)
        {
            Error?.Invoke("managed sampler accept", e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnApply(LlamaSamplerNative* sampler, LlamaTokenDataArray* candidates)
    {
        try
        {
            Target(sampler).Apply(new Span<LlamaTokenData>(candidates->Data, checked((int)candidates->Size)));
        }
        catch (Exception e)
        {
            Error?.Invoke("managed sampler apply", e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnReset(LlamaSamplerNative* sampler)
    {
        try
        {
            Target(sampler).Reset();
        }
        catch (Exception e)
        {
            Error?.Invoke("managed sampler reset", e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnFree(LlamaSamplerNative* sampler)
    {
        GCHandle.FromIntPtr(sampler->Context).Free();
        sampler->Context = 0;
    }
}
