using TorchSharp;

namespace AgentRec.Sequential.Native;

/// <summary>
/// Scalars that outlive every call they are passed to. A C# number passed where TorchSharp wants a
/// <see cref="Scalar"/> becomes a temporary, finalizable object; TorchSharp reads its native handle and
/// calls into libtorch without keeping the object alive, so a garbage collection at that moment can
/// free the native scalar mid-call. Seen here as a crash in the middle of a Beauty run ("Expected false
/// to be true" from c10::Scalar::toFloat inside masked_fill). Constants live here for the process;
/// per-call values are created with <c>using Scalar s = value.ToScalar();</c> so they stay alive.
/// </summary>
internal static class TorchScalars
{
    /// <summary>Added to attention scores of disallowed pairs (finite, so an all-padding row stays finite).</summary>
    public static readonly Scalar Blocked = (-10000f).ToScalar();

    /// <summary>Effectively minus infinity for logits that must lose every softmax.</summary>
    public static readonly Scalar Excluded = (-1e9f).ToScalar();

    public static readonly Scalar NegativeInfinity = float.NegativeInfinity.ToScalar();

    public static readonly Scalar Zero = 0.ToScalar();

    public static readonly Scalar One = 1.ToScalar();
}
