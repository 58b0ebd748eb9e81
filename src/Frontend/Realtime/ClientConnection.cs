namespace Parley.Frontend.Realtime;

/// <summary>
/// One client's live connection, whatever its protocol: who is logged in on it, the rooms it
/// subscribes to, and its <see cref="OutboundQueue"/>, the only way pushes reach its socket.
/// The login changes only through <see cref="ConnectionRegistry"/> (DDP clients log in and out on
/// an open connection; SignalR connections keep the login they were opened with).
/// </summary>
internal sealed class ClientConnection
{
    private readonly OutboundQueue _outbound;
    private readonly HashSet<RoomId> _rooms = [];
    private readonly Lock _lock = new();
    private readonly Action<ClientConnection>? _overflowed;
    private volatile SessionInfo? _login;
    private int _calls;
    private TaskCompletionSource? _callsDone;

    /// <summary>A connection whose pushes go to <paramref name="transport"/>; <paramref name="overflowed"/> hears when it is aborted for falling behind.</summary>
    public ClientConnection(string id, IConnectionTransport transport, RealtimeOptions options, TimeProvider time, Action<ClientConnection>? overflowed = null)
    {
        Id = id;
        _outbound = new OutboundQueue(transport, options.MaxQueuedPushes, options.CloseTimeout, time);
        _overflowed = overflowed;
    }

    public string Id { get; }

    /// <summary>The session this connection is logged in with, or null.</summary>
    public SessionInfo? Login => _login;

    /// <summary>False once the connection is closing: what its client sends from then on is ignored.</summary>
    public bool IsOpen => _outbound.IsOpen;

    /// <summary>Completes when the connection has ended (closed, aborted, or its socket died).</summary>
    public Task Ended => _outbound.Completion;

    /// <summary>Queues a push without waiting; a connection that cannot keep up is aborted.</summary>
    public PushResult Push(Push push)
    {
        var result = _outbound.TryPush(push);
        if (result == PushResult.Overflowed)
        {
            _overflowed?.Invoke(this);
        }

        return result;
    }

    /// <summary>Completes once everything pushed so far was handed to the socket, or the connection ended.</summary>
    public Task WhenWrittenAsync() => _outbound.WhenWrittenAsync();

    /// <summary>Closes after what is queued (the client is told why where its protocol allows).</summary>
    public void Close(CloseReason reason) => _outbound.Close(reason);

    public void Abort(CloseReason reason) => _outbound.Abort(reason);

    /// <summary>Tells the client its session ended, then closes.</summary>
    public void EndSession(SessionEndReason reason)
    {
        Push(new SessionEndedPush(reason));
        Close(CloseReason.SessionEnded(reason));
    }

    /// <summary>A client call (hub method, DDP method) has started: a shutdown waits for its answer before closing.</summary>
    public void BeginCall()
    {
        lock (_lock)
        {
            _calls++;
        }
    }

    public void EndCall()
    {
        TaskCompletionSource? done = null;
        lock (_lock)
        {
            if (--_calls == 0)
            {
                (done, _callsDone) = (_callsDone, null);
            }
        }

        done?.TrySetResult();
    }

    /// <summary>Completes when no call is in progress.</summary>
    public Task WhenNoCallsAsync()
    {
        lock (_lock)
        {
            return _calls == 0
                ? Task.CompletedTask
                : (_callsDone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    public bool AddRoom(RoomId roomId)
    {
        lock (_lock)
        {
            return _rooms.Add(roomId);
        }
    }

    public bool RemoveRoom(RoomId roomId)
    {
        lock (_lock)
        {
            return _rooms.Remove(roomId);
        }
    }

    /// <summary>How many rooms the connection subscribes to.</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_lock)
            {
                return _rooms.Count;
            }
        }
    }

    public RoomId[] Rooms()
    {
        lock (_lock)
        {
            return [.. _rooms];
        }
    }

    /// <summary>For <see cref="ConnectionRegistry"/>, which keeps its index by user in step.</summary>
    internal void SetLogin(SessionInfo? login) => _login = login;
}
