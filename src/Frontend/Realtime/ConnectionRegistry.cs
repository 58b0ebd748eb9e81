using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Parley.Frontend.Hosting;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Realtime;

/// <summary>
/// The live connections of this front-end, the only list of them: by id, and the logged-in ones
/// by user, so that a session's end (pushed by the user grain, which knows this front-end holds
/// the user's connections) closes exactly the connections of that session.
/// </summary>
internal sealed partial class ConnectionRegistry(
    FrontendNode node,
    IGrainFactory grains,
    IOptions<RealtimeOptions> options,
    IOptions<LimitOptions> limits,
    [FromKeyedServices(FrontendClock.Key)] TimeProvider time,
    ParleyMetrics metrics,
    ILogger<ConnectionRegistry> logger)
{
    private readonly ConcurrentDictionary<string, ClientConnection> _byId = new();
    private readonly Dictionary<string, HashSet<ClientConnection>> _byUser = [];
    private readonly Lock _lock = new();
    private volatile bool _draining;

    public int Count => _byId.Count;

    /// <summary>Creates and registers a connection whose pushes go to <paramref name="transport"/>.</summary>
    public ClientConnection Open(string id, IConnectionTransport transport)
    {
        var connection = new ClientConnection(id, transport, options.Value, time, OnOverflow);
        if (!_byId.TryAdd(id, connection))
        {
            throw new InvalidOperationException($"Connection {id} is already registered.");
        }

        metrics.ConnectionOpened();
        if (_draining)
        {
            connection.Close(CloseReason.ShuttingDown);
        }

        return connection;
    }

    public ClientConnection? Find(string connectionId) => _byId.GetValueOrDefault(connectionId);

    /// <summary>
    /// Logs <paramref name="connection"/> in with <paramref name="login"/> (replacing any earlier
    /// login) and makes sure the user's grain knows this front-end, so the session's end reaches
    /// it. The session was valid when the client presented it, but a logout in between told no
    /// one: it is checked again now that a later one cannot miss this connection. Returns null
    /// when logged in, else why the session ended (the connection is then logged out). A user
    /// with <see cref="LimitOptions.MaxConnectionsPerUser"/> connections here gets no more.
    /// </summary>
    public async Task<SessionEndReason?> SignInAsync(ClientConnection connection, SessionInfo login)
    {
        bool first;
        lock (_lock)
        {
            Unindex(connection);
            if (!_byUser.TryGetValue(login.User.UserId, out var connections))
            {
                _byUser[login.User.UserId] = connections = [];
            }

            if (connections.Count >= limits.Value.MaxConnectionsPerUser)
            {
                connection.SetLogin(null);
                throw new ParleyException(ParleyErrorCode.LimitExceeded, $"a user may have at most {limits.Value.MaxConnectionsPerUser} connections on one front-end");
            }

            connection.SetLogin(login);
            connections.Add(connection);
            first = connections.Count == 1;
        }

        SessionEndReason? ended;
        try
        {
            if (first)
            {
                await grains.GetUser(login.User.UserId).AttachFrontendAsync(node.Link);
            }

            ended = await grains.GetSession(login.SessionKey).GetEndReasonAsync();
        }
        catch
        {
            SignOut(connection, login);
            throw;
        }

        if (ended is not null)
        {
            SignOut(connection, login);
        }

        return ended;
    }

    /// <summary>Logs the connection out here, without ending its session; returns the login it had.</summary>
    public SessionInfo? SignOut(ClientConnection connection)
    {
        lock (_lock)
        {
            var login = connection.Login;
            Unindex(connection);
            connection.SetLogin(null);
            return login;
        }
    }

    /// <summary>Signs the connection out if it is still logged in with <paramref name="login"/>; true if it was.</summary>
    private bool SignOut(ClientConnection connection, SessionInfo login)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(connection.Login, login))
            {
                return false;
            }

            Unindex(connection);
            connection.SetLogin(null);
            return true;
        }
    }

    /// <summary>Forgets a connection whose socket is gone.</summary>
    public void Remove(ClientConnection connection)
    {
        SignOut(connection);
        if (_byId.TryRemove(new KeyValuePair<string, ClientConnection>(connection.Id, connection)))
        {
            metrics.ConnectionClosed();
        }
    }

    /// <summary>The connections logged in as <paramref name="userId"/>.</summary>
    public ClientConnection[] OfUser(string userId)
    {
        lock (_lock)
        {
            return _byUser.TryGetValue(userId, out var connections) ? [.. connections] : [];
        }
    }

    public void EndSessions(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason)
    {
        foreach (var connection in OfUser(userId))
        {
            if (connection.Login is { } login && sessionKeys.Contains(login.SessionKey))
            {
                End(connection, login, reason);
            }
        }
    }

    /// <summary>Ends the connections whose session expired since they logged in.</summary>
    public void EndExpired()
    {
        var now = time.GetUtcNow();
        foreach (var connection in _byId.Values)
        {
            if (connection.Login is { } login && login.ExpiresAt <= now)
            {
                End(connection, login, SessionEndReason.Expired);
            }
        }
    }

    /// <summary>
    /// Safety net behind the push from the user grain: a session revoked while its user grain
    /// could not reach us (it was moving to another silo) still ends its connections here.
    /// </summary>
    public async Task EndRevokedAsync()
    {
        var sessions = _byId.Values
            .Select(connection => (Connection: connection, Login: connection.Login))
            .Where(entry => entry.Login is not null)
            .GroupBy(entry => entry.Login!.SessionKey)
            .ToList();
        var endings = await Task.WhenAll(sessions.Select(session => grains.GetSession(session.Key).GetEndReasonAsync().AsTask()));
        foreach (var (session, ending) in sessions.Zip(endings))
        {
            if (ending is { } reason)
            {
                foreach (var (connection, login) in session)
                {
                    End(connection, login!, reason);
                }
            }
        }
    }

    /// <summary>Keeps this front-end known to the user grains of everyone logged in here.</summary>
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

    /// <summary>
    /// The graceful stop: from now on every connection (and any that still opens) is told to
    /// reconnect elsewhere, each once its calls in progress have answered or
    /// <see cref="RealtimeOptions.DrainTimeout"/> has passed. Completes when all have ended.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var patience = options.Value.DrainTimeout;
        await Task.WhenAll(_byId.Values.Select(async connection =>
        {
            try
            {
                await connection.WhenNoCallsAsync().WaitAsync(patience, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Its caller retries with the same clientMessageId on the node it reconnects to.
            }
            catch (OperationCanceledException)
            {
            }

            connection.Close(CloseReason.ShuttingDown);
            await connection.Ended.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }));
    }

    /// <summary>Tells the connection its session ended and closes it, unless it has logged in afresh meanwhile.</summary>
    private void End(ClientConnection connection, SessionInfo login, SessionEndReason reason)
    {
        if (!SignOut(connection, login))
        {
            return;
        }

        connection.EndSession(reason);
    }

    private void Unindex(ClientConnection connection)
    {
        if (connection.Login is { } login
            && _byUser.TryGetValue(login.User.UserId, out var connections)
            && connections.Remove(connection)
            && connections.Count == 0)
        {
            _byUser.Remove(login.User.UserId);
        }
    }

    private void OnOverflow(ClientConnection connection)
    {
        metrics.SlowConnectionDropped();
        LogTooSlow(connection.Id, options.Value.MaxQueuedPushes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} fell {Pushes} pushes behind; disconnecting it so it resumes from its last seq")]
    private partial void LogTooSlow(string connectionId, int pushes);
}
