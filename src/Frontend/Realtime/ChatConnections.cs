using System.Collections.Concurrent;
using System.Collections.Immutable;
using Parley.Frontend.Hubs;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Realtime;

/// <summary>
/// The live connections of this front-end by user, so that a session's end (pushed by the user
/// grain, which knows this front-end holds the user's connections) closes exactly its connections.
/// </summary>
internal sealed partial class ChatConnections(
    FrontendNode node,
    IGrainFactory grains,
    [FromKeyedServices(FrontendClock.Key)] TimeProvider time,
    ParleyMetrics metrics,
    ILogger<ChatConnections> logger)
{
    /// <summary>Time for SessionEnded to reach the client before the server closes the connection.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, ChatConnection> _byId = new();
    private readonly Dictionary<string, HashSet<ChatConnection>> _byUser = [];
    private readonly Lock _lock = new();

    public int Count => _byId.Count;

    public async Task AddAsync(ChatConnection connection)
    {
        bool first;
        lock (_lock)
        {
            _byId[connection.ConnectionId] = connection;
            if (!_byUser.TryGetValue(connection.User.UserId, out var connections))
            {
                _byUser[connection.User.UserId] = connections = [];
            }

            connections.Add(connection);
            first = connections.Count == 1;
        }

        metrics.ConnectionOpened();

        if (first)
        {
            await grains.GetUser(connection.User.UserId).AttachFrontendAsync(node.Link);
        }
    }

    public ChatConnection? Find(string connectionId) => _byId.GetValueOrDefault(connectionId);

    public void Remove(ChatConnection connection)
    {
        lock (_lock)
        {
            if (_byId.TryRemove(connection.ConnectionId, out _))
            {
                metrics.ConnectionClosed();
            }

            if (_byUser.TryGetValue(connection.User.UserId, out var connections) && connections.Remove(connection) && connections.Count == 0)
            {
                _byUser.Remove(connection.User.UserId);
            }
        }
    }

    public void EndSessions(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason)
    {
        List<ChatConnection> victims;
        lock (_lock)
        {
            victims = _byUser.TryGetValue(userId, out var connections)
                ? connections.Where(c => sessionKeys.Contains(c.SessionKey)).ToList()
                : [];
        }

        foreach (var connection in victims)
        {
            _ = EndAsync(connection, reason);
        }
    }

    /// <summary>Ends the connections whose session expired since they connected.</summary>
    public void EndExpired()
    {
        var now = time.GetUtcNow();
        foreach (var connection in _byId.Values.Where(c => c.ExpiresAt <= now))
        {
            _ = EndAsync(connection, SessionEndReason.Expired);
        }
    }

    /// <summary>
    /// Safety net behind the push from the user grain: a session revoked while its user grain
    /// could not reach us (it was moving to another silo) still ends its connections here.
    /// </summary>
    public async Task EndRevokedAsync()
    {
        var sessions = _byId.Values.GroupBy(c => c.SessionKey).ToList();
        var endings = await Task.WhenAll(sessions.Select(session => grains.GetSession(session.Key).GetEndReasonAsync().AsTask()));
        foreach (var (session, ending) in sessions.Zip(endings))
        {
            if (ending is { } reason)
            {
                foreach (var connection in session)
                {
                    _ = EndAsync(connection, reason);
                }
            }
        }
    }

    /// <summary>Keeps this front-end known to the user grains of everyone connected here.</summary>
    public async Task RenewAllAsync()
    {
        string[] userIds;
        lock (_lock)
        {
            userIds = [.. _byUser.Keys];
        }

        var link = node.Link;
        await Task.WhenAll(userIds.Select(userId => grains.GetUser(userId).AttachFrontendAsync(link).AsTask()));
    }

    private async Task EndAsync(ChatConnection connection, SessionEndReason reason)
    {
        if (!connection.TryBeginEnding())
        {
            return;
        }

        try
        {
            await connection.Peer.SendSessionEndedAsync(new SessionEndedEvent(reason.ToWireName()));
            await Task.Delay(CloseGrace);
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, connection.ConnectionId);
        }
        finally
        {
            connection.Peer.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling connection {ConnectionId} that its session ended failed; closing it anyway")]
    private partial void LogNotifyFailed(Exception exception, string connectionId);
}
