namespace AgentRec.Core.Threading;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread, in order. <see cref="Progress{T}"/> posts each
/// report to the captured context or the thread pool, so reports can arrive out of order or after the work (and the
/// progress bar showing it) has finished.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Action<T> _report = report ?? throw new ArgumentNullException(nameof(report));

    public void Report(T value) => _report(value);
}
