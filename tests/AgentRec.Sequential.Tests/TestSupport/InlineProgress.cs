namespace AgentRec.Sequential.Tests.TestSupport;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, at once.</summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
