namespace Parley.Grains.Storage;

/// <summary>
/// Batches the state writes of concurrent requests in a reentrant grain: callers mutate state in
/// memory, then await <see cref="CommitAsync"/>, which completes once a write that started after
/// their mutation has finished. At most one write runs at a time; everything mutated while it
/// runs goes into the next one. Must only be used from the grain's own scheduler.
/// </summary>
internal sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? _next;
    private bool _writing;

    public Task CommitAsync()
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = _next.Task;
        if (!_writing)
        {
            _writing = true;
            _ = RunAsync();
        }

        return pending;
    }

    private async Task RunAsync()
    {
        try
        {
            while (_next is { } batch)
            {
                // Requests already queued on the grain run first and join this write: a storage
                // provider that completes synchronously (SQLite) would otherwise write each alone.
                await Task.Yield();
                batch = _next;
                _next = null;
                try
                {
                    await write();
                    batch.SetResult();
                }
                catch (Exception exception)
                {
                    batch.SetException(exception);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
