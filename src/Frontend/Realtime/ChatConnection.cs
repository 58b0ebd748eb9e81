namespace Parley.Frontend.Realtime;

/// <summary>One live client connection, of any protocol, and the session it was opened with.</summary>
internal sealed class ChatConnection(string connectionId, UserProfile user, string sessionKey, DateTimeOffset expiresAt, IRealtimePeer peer)
{
    private readonly HashSet<string> _rooms = [];
    private readonly Lock _lock = new();
    private int _ending;

    public string ConnectionId { get; } = connectionId;

    public UserProfile User { get; } = user;

    public string SessionKey { get; } = sessionKey;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public IRealtimePeer Peer { get; } = peer;

    /// <summary>True only for the first caller: a connection is told its session ended once.</summary>
    public bool TryBeginEnding() => Interlocked.Exchange(ref _ending, 1) == 0;

    public bool AddRoom(string roomId)
    {
        lock (_lock)
        {
            return _rooms.Add(roomId);
        }
    }

    public bool RemoveRoom(string roomId)
    {
        lock (_lock)
        {
            return _rooms.Remove(roomId);
        }
    }

    public string[] Rooms()
    {
        lock (_lock)
        {
            return [.. _rooms];
        }
    }
}
