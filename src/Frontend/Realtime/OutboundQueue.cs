namespace Parley.Frontend.Realtime;

/// <summary>
/// The one way out to a connection's client: a bounded queue written by one writer at a time,
/// in order. Whoever queues into an idle queue starts the writer, which goes on by itself as soon
/// as a write has to wait for the client, so no caller ever waits for a socket. A queue that
/// overflows (the client stopped reading) aborts the connection instead of growing; the bound
/// counts <see cref="Push.Weight"/>, so a batch of live messages counts each message.
/// </summary>
internal sealed class OutboundQueue(IConnectionTransport transport, int capacity, TimeSpan closeTimeout, TimeProvider time)
{
    private readonly Queue<object> _items = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _writing;
    private int _weight;
    private QueueState _state;

    /// <summary>Completes when the connection's outbound side has ended (closed or aborted).</summary>
    public Task Completion => _completion.Task;

    /// <summary>False once a close or abort was requested: pushes are refused from then on.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _state == QueueState.Open;
            }
        }
    }

    /// <summary>Pushes waiting to be written, for diagnostics and tests.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public PushResult TryPush(Push push)
    {
        bool overflowed, start = false;
        lock (_lock)
        {
            if (_state != QueueState.Open)
            {
                return PushResult.Closed;
            }

            overflowed = _weight > 0 && _weight + push.Weight > capacity;
            if (!overflowed)
            {
                _items.Enqueue(push);
                _weight += push.Weight;
                start = StartWriterIfIdle();
            }
        }

        if (overflowed)
        {
            Abort(CloseReason.TooSlow);
            return PushResult.Overflowed;
        }

        if (start)
        {
            _ = WriteAsync();
        }

        return PushResult.Queued;
    }

    /// <summary>Completes once everything queued so far was handed to the transport (or the queue ended).</summary>
    public Task WhenWrittenAsync()
    {
        lock (_lock)
        {
            if (_state == QueueState.Ended || (!_writing && _items.Count == 0))
            {
                return Task.CompletedTask;
            }

            var marker = new WrittenMarker();
            _items.Enqueue(marker);
            return marker.Completion.Task;
        }
    }

    /// <summary>Closes after the queued pushes, within <c>closeTimeout</c>; later pushes are refused.</summary>
    public void Close(CloseReason reason)
    {
        bool start;
        lock (_lock)
        {
            if (_state != QueueState.Open)
            {
                return;
            }

            _state = QueueState.Closing;
            _items.Enqueue(new CloseMarker(reason));
            start = StartWriterIfIdle();
        }

        _ = AbortIfStillClosingAsync();
        if (start)
        {
            _ = WriteAsync();
        }
    }

    /// <summary>Ends the connection now, dropping what is queued.</summary>
    public void Abort(CloseReason reason)
    {
        if (End())
        {
            transport.Abort(reason);
        }
    }

    private bool StartWriterIfIdle()
    {
        if (_writing)
        {
            return false;
        }

        _writing = true;
        return true;
    }

    private async Task WriteAsync()
    {
        try
        {
            while (true)
            {
                object item;
                lock (_lock)
                {
                    if (_state == QueueState.Ended || !_items.TryDequeue(out item!))
                    {
                        _writing = false;
                        return;
                    }

                    if (item is Push dequeued)
                    {
                        _weight -= dequeued.Weight;
                    }
                }

                switch (item)
                {
                    case Push push:
                        await transport.WriteAsync(push);
                        break;
                    case WrittenMarker written:
                        written.Completion.TrySetResult();
                        break;
                    case CloseMarker close:
                        await transport.CloseAsync(close.Reason);
                        End();
                        return;
                }
            }
        }
        catch (Exception)
        {
            // The transport failed (the socket died): this connection ends, nobody else notices.
            Abort(CloseReason.Failed);
        }
    }

    private async Task AbortIfStillClosingAsync()
    {
        await Task.Delay(closeTimeout, time);
        Abort(CloseReason.TooSlow);
    }

    /// <summary>Marks the queue ended and releases whoever waits on it; true for the first caller.</summary>
    private bool End()
    {
        List<WrittenMarker> waiting;
        lock (_lock)
        {
            if (_state == QueueState.Ended)
            {
                return false;
            }

            _state = QueueState.Ended;
            waiting = [.. _items.OfType<WrittenMarker>()];
            _items.Clear();
        }

        foreach (var marker in waiting)
        {
            marker.Completion.TrySetResult();
        }

        _completion.TrySetResult();
        return true;
    }

    private enum QueueState
    {
        Open,
        Closing,
        Ended,
    }

    private sealed class WrittenMarker
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record CloseMarker(CloseReason Reason);
}

internal enum PushResult
{
    Queued,

    /// <summary>The connection is closing or gone; the push was dropped.</summary>
    Closed,

    /// <summary>The queue was full: the connection was aborted.</summary>
    Overflowed,
}
