using System.Collections.Immutable;

namespace Parley.Frontend.Realtime;

/// <summary>
/// This front-end's view of one room: the local connections subscribed to it, the highest seq
/// pushed to them, messages that arrived ahead of a gap, and who is online here. Every member is
/// touched only while holding <see cref="Gate"/>.
/// </summary>
internal sealed class RoomFeed(RoomId roomId)
{
    private readonly Dictionary<string, (UserProfile User, int Connections)> _online = [];
    private readonly Lock _deliveredLock = new();
    private TaskCompletionSource? _nextDelivery;
    private long _handedOutSeq;

    public RoomId RoomId { get; } = roomId;

    public string Group { get; } = GroupOf(roomId.Value);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Registered with the room grain; until then pushes are ignored (Subscribe replays them).</summary>
    public bool Attached { get; set; }

    /// <summary>Removed from the feed table; a subscriber holding it must take a fresh one.</summary>
    public bool Retired { get; set; }

    public bool GapFillScheduled { get; set; }

    public long DeliveredSeq { get; set; }

    public SortedDictionary<long, ChatMessage> Pending { get; } = [];

    /// <summary>Subscribed connections by id; the SignalR ones are also in <see cref="Group"/>.</summary>
    public Dictionary<string, ChatConnection> Connections { get; } = [];

    /// <summary>Subscribers that are not in the SignalR group: presence and typing go to them one by one.</summary>
    public IEnumerable<IRealtimePeer> DirectPeers => Connections.Values.Select(c => c.Peer).Where(p => !p.UsesSignalRGroups);

    public ImmutableArray<UserProfile> Online => [.. _online.Values.Select(entry => entry.User)];

    public static string GroupOf(string roomId) => $"room:{roomId}";

    /// <summary>Completes once messages up to <paramref name="seq"/> were handed to the subscribers here (or the feed retired).</summary>
    public async Task WhenDeliveredAsync(long seq)
    {
        while (true)
        {
            Task next;
            lock (_deliveredLock)
            {
                if (_handedOutSeq >= seq || Retired)
                {
                    return;
                }

                next = (_nextDelivery ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await next;
        }
    }

    /// <summary>Called once messages up to <see cref="DeliveredSeq"/> were handed to every subscriber, or the feed retired.</summary>
    public void SignalDelivered()
    {
        lock (_deliveredLock)
        {
            _handedOutSeq = DeliveredSeq;
            _nextDelivery?.TrySetResult();
            _nextDelivery = null;
        }
    }

    /// <summary>Counts a connection of the user; true when it is the user's first here.</summary>
    public bool AddOnline(UserProfile user)
    {
        var count = _online.TryGetValue(user.UserId, out var entry) ? entry.Connections : 0;
        _online[user.UserId] = (user, count + 1);
        return count == 0;
    }

    /// <summary>Uncounts a connection of the user; true when it was the user's last here.</summary>
    public bool RemoveOnline(UserProfile user)
    {
        if (!_online.TryGetValue(user.UserId, out var entry))
        {
            return false;
        }

        if (entry.Connections > 1)
        {
            _online[user.UserId] = (entry.User, entry.Connections - 1);
            return false;
        }

        _online.Remove(user.UserId);
        return true;
    }
}
