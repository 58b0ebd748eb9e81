using System.Collections.Immutable;
using System.Diagnostics;

namespace Parley.Frontend.Realtime;

/// <summary>
/// This front-end's view of one room: the connections subscribed here, the highest seq handed to
/// them, messages that arrived ahead of a gap, and who is online here. Its state changes only
/// while its gate is held (<see cref="EnterAsync"/>), one change at a time and in seq order;
/// <see cref="Subscribers"/> is a snapshot that presence and typing read without the gate.
/// </summary>
internal sealed class RoomFeed(RoomId roomId)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<long, ChatMessage> _pending = [];
    private readonly Dictionary<string, (UserProfile User, int Connections)> _online = [];
    private readonly Dictionary<ClientConnection, UserProfile> _subscribers = [];
    private readonly Lock _deliveryLock = new();
    private volatile ClientConnection[] _snapshot = [];
    private TaskCompletionSource? _nextDelivery;
    private long _handedOutSeq;
    private bool _retired;

    public RoomId RoomId { get; } = roomId;

    /// <summary>Registered with the room grain; until then pushes are ignored (a subscription replays them).</summary>
    public bool IsAttached { get; private set; }

    /// <summary>Removed from the feed table: whoever still holds it must take a fresh one.</summary>
    public bool IsRetired => _retired;

    /// <summary>The highest seq handed to every subscriber; everything up to it went out in order.</summary>
    public long DeliveredSeq { get; private set; }

    public bool HasSubscribers => _subscribers.Count > 0;

    /// <summary>Whether a fetch of the missing messages is already scheduled.</summary>
    public bool GapFillScheduled { get; set; }

    /// <summary>The last seq missing before the first message that waits for a gap to close, if any.</summary>
    public long? GapEnd => _pending.Count > 0 ? _pending.Keys.First() - 1 : null;

    /// <summary>The subscribed connections; safe to read without the gate.</summary>
    public ClientConnection[] Subscribers => _snapshot;

    public ImmutableArray<UserProfile> OnlineUsers => [.. _online.Values.Select(entry => entry.User)];

    /// <summary>How many users are online here; read without the gate, for a gauge, so it may lag.</summary>
    public int OnlineCount => _online.Count;

    public Task EnterAsync(CancellationToken cancellationToken = default) => _gate.WaitAsync(cancellationToken);

    public void Exit() => _gate.Release();

    /// <summary>Registered (again) with the room grain, whose latest seq is <paramref name="latestSeq"/>.</summary>
    public void Attach(long latestSeq)
    {
        AssertEntered();
        if (!IsAttached)
        {
            // Nobody here has seen anything yet: subscribers are replayed up to this point.
            DeliveredSeq = Math.Max(DeliveredSeq, latestSeq);
            IsAttached = true;
        }
    }

    /// <summary>Adds a subscriber (once); true when <paramref name="user"/> was not online here (nor leaving).</summary>
    public bool Subscribe(ClientConnection connection, UserProfile user)
    {
        AssertEntered();
        if (!_subscribers.TryAdd(connection, user))
        {
            return false;
        }

        _snapshot = [.. _subscribers.Keys];
        var known = _online.TryGetValue(user.UserId, out var entry);
        _online[user.UserId] = (user, (known ? entry.Connections : 0) + 1);
        return !known;
    }

    /// <summary>
    /// Removes a subscriber; returns its user when that was the user's last connection subscribed
    /// here. The user is then leaving: still online until <see cref="FinishLeaving"/>, and back
    /// without a flip if a connection subscribes again first.
    /// </summary>
    public UserProfile? Unsubscribe(ClientConnection connection)
    {
        AssertEntered();
        if (!_subscribers.Remove(connection, out var user))
        {
            return null;
        }

        _snapshot = [.. _subscribers.Keys];
        var entry = _online[user.UserId];
        _online[user.UserId] = (entry.User, entry.Connections - 1);
        return entry.Connections == 1 ? user : null;
    }

    /// <summary>Ends a leaving user's presence here; false when the user came back meanwhile.</summary>
    public bool FinishLeaving(string userId)
    {
        AssertEntered();
        return _online.TryGetValue(userId, out var entry) && entry.Connections == 0 && _online.Remove(userId);
    }

    public bool IsSubscribed(ClientConnection connection) => _subscribers.ContainsKey(connection);

    /// <summary>
    /// Takes entries pushed by the room or fetched to fill a gap, in any order and with
    /// duplicates: every entry that is next in seq order goes to each subscriber, as one push
    /// per call. Entries after a missing one wait for it. A user who left or was removed gets the
    /// entry that says so and nothing after it: that user's subscriptions here end. Returns the
    /// users whose last subscribed connection here that ended (they are leaving the room's presence).
    /// </summary>
    public IReadOnlyList<UserProfile> Accept(IEnumerable<ChatMessage> messages)
    {
        AssertEntered();
        if (!IsAttached || _retired)
        {
            return [];
        }

        foreach (var message in messages)
        {
            if (message.Seq > DeliveredSeq)
            {
                _pending.TryAdd(message.Seq, message);
            }
        }

        var leaving = new List<UserProfile>();
        var ready = ImmutableArray.CreateBuilder<ChatMessage>();
        while (_pending.Remove(DeliveredSeq + 1, out var next))
        {
            ready.Add(next);
            DeliveredSeq = next.Seq;
            if (next.Event is { Kind: RoomEventKind.MemberLeft or RoomEventKind.MemberRemoved, Member: { } gone } ended)
            {
                PushToAll(ready);
                EndSubscriptionsOf(gone.UserId, ended.Kind == RoomEventKind.MemberRemoved ? SubscriptionEndReason.Removed : SubscriptionEndReason.Left, leaving);
            }
        }

        PushToAll(ready);
        SignalDelivered(DeliveredSeq);
        return leaving;
    }

    private void PushToAll(ImmutableArray<ChatMessage>.Builder ready)
    {
        if (ready.Count == 0)
        {
            return;
        }

        var push = new MessagesPush(RoomId, ready.DrainToImmutable());
        foreach (var connection in _snapshot)
        {
            connection.Push(push);
        }
    }

    private void EndSubscriptionsOf(string userId, SubscriptionEndReason reason, List<UserProfile> leaving)
    {
        foreach (var connection in _subscribers.Where(entry => entry.Value.UserId == userId).Select(entry => entry.Key).ToList())
        {
            if (Unsubscribe(connection) is { } user)
            {
                leaving.Add(user);
            }

            connection.RemoveRoom(RoomId);
            connection.Push(new SubscriptionEndedPush(RoomId, reason));
        }
    }

    /// <summary>Taken out of the feed table: pending deliveries are dropped and waiters released.</summary>
    public void Retire()
    {
        AssertEntered();
        _retired = true;
        _pending.Clear();
        SignalDelivered(long.MaxValue);
    }

    /// <summary>Completes once messages up to <paramref name="seq"/> were handed to the subscribers here (or the feed retired).</summary>
    public async Task WhenDeliveredAsync(long seq)
    {
        while (true)
        {
            Task next;
            lock (_deliveryLock)
            {
                if (_handedOutSeq >= seq)
                {
                    return;
                }

                next = (_nextDelivery ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await next;
        }
    }

    private void SignalDelivered(long seq)
    {
        lock (_deliveryLock)
        {
            _handedOutSeq = seq;
            _nextDelivery?.TrySetResult();
            _nextDelivery = null;
        }
    }

    [Conditional("DEBUG")]
    private void AssertEntered() => Debug.Assert(_gate.CurrentCount == 0, "RoomFeed state changes only under its gate.");
}
