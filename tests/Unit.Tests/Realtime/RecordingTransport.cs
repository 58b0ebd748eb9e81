using Parley.Frontend.Realtime;

namespace Parley.Unit.Tests.Realtime;

/// <summary>
/// A transport that records what it is asked to write, and can be made to stall like a client
/// that stopped reading: writes then wait until <see cref="Release"/>.
/// </summary>
internal sealed class RecordingTransport : IConnectionTransport
{
    private readonly Lock _lock = new();
    private readonly List<Push> _written = [];
    private TaskCompletionSource? _stall;
    private int _concurrentWrites;

    public IReadOnlyList<Push> Written
    {
        get
        {
            lock (_lock)
            {
                return [.. _written];
            }
        }
    }

    public CloseReason? ClosedWith { get; private set; }

    public CloseReason? AbortedWith { get; private set; }

    /// <summary>Set when two writes ever overlapped.</summary>
    public bool SawConcurrentWrites { get; private set; }

    /// <summary>From now on, writes wait until <see cref="Release"/>.</summary>
    public void Stall() => _stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _stall?.TrySetResult();

    public async ValueTask WriteAsync(Push push)
    {
        if (Interlocked.Increment(ref _concurrentWrites) > 1)
        {
            SawConcurrentWrites = true;
        }

        try
        {
            if (_stall is { } stall)
            {
                await stall.Task;
            }

            lock (_lock)
            {
                _written.Add(push);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _concurrentWrites);
        }
    }

    public async ValueTask CloseAsync(CloseReason reason)
    {
        if (_stall is { } stall)
        {
            await stall.Task;
        }

        ClosedWith = reason;
    }

    public void Abort(CloseReason reason)
    {
        AbortedWith = reason;
        Release();
    }
}
