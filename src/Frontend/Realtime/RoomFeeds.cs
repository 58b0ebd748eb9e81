using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Parley.Frontend.Hosting;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Realtime;

/// <summary>
/// Local fan-out. One registration with each room grain that has subscribers here; messages
/// pushed by the room go to every subscribed connection in seq order, each exactly once per
/// subscription: a subscriber is replayed everything up to what the feed has delivered, then joins
/// the feed, both under the feed's gate. Nothing here ever waits for a client: connections take
/// their pushes into their own queues.
/// </summary>
internal sealed partial class RoomFeeds(
    FrontendNode node,
    IGrainFactory grains,
    IOptions<RealtimeOptions> options,
    IOptions<LimitOptions> limits,
    [FromKeyedServices(FrontendClock.Key)] TimeProvider time,
    ParleyMetrics metrics,
    ILogger<RoomFeeds> logger)
{
    /// <summary>How long pushes that overtook each other may take to close a gap before it is fetched.</summary>
    private static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentDictionary<RoomId, RoomFeed> _feeds = new();

    /// <summary>
    /// Joins <paramref name="connection"/> to the room's live feed and returns what it missed:
    /// messages after <paramref name="sinceSeq"/>, or without one the newest
    /// <paramref name="replayLimit"/> (default <see cref="ApiLimits.DefaultReplay"/>).
    /// </summary>
    public async Task<RoomReplay> SubscribeAsync(ClientConnection connection, RoomId roomId, long? sinceSeq, int? replayLimit = null)
    {
        var user = connection.Login?.User ?? throw new ParleyException(ParleyErrorCode.Unauthorized, "log in first");
        var most = limits.Value.MaxSubscriptionsPerConnection;
        if (connection.SubscriptionCount >= most && !connection.Rooms().Contains(roomId))
        {
            throw new ParleyException(ParleyErrorCode.LimitExceeded, $"a connection may subscribe to at most {most} rooms");
        }

        var room = grains.GetRoom(roomId);
        var max = sinceSeq is null ? Math.Clamp(replayLimit ?? ApiLimits.DefaultReplay, 1, ApiLimits.MaxReplay) : ApiLimits.MaxReplay;
        while (true)
        {
            var feed = _feeds.GetOrAdd(roomId, id => new RoomFeed(id));
            await feed.EnterAsync();
            try
            {
                if (feed.IsRetired)
                {
                    continue;
                }

                if (!feed.IsAttached)
                {
                    feed.Attach(await room.AttachFrontendAsync(node.Link, feed.OnlineUsers));
                }

                var replay = await room.JoinAsync(user, sinceSeq, max, feed.DeliveredSeq);
                connection.AddRoom(roomId);
                if (!connection.IsOpen)
                {
                    // It closed while the room answered, and its clean-up may have run without this
                    // room: subscribing now would leave the user online here for good.
                    connection.RemoveRoom(roomId);
                    throw new ParleyException(ParleyErrorCode.Unavailable, "the connection closed while subscribing");
                }

                if (feed.Subscribe(connection, user))
                {
                    await room.SetPresenceAsync(node.Id, user, online: true);
                }

                return replay;
            }
            finally
            {
                feed.Exit();
            }
        }
    }

    public async Task UnsubscribeAsync(ClientConnection connection, RoomId roomId)
    {
        if (!_feeds.TryGetValue(roomId, out var feed))
        {
            connection.RemoveRoom(roomId);
            return;
        }

        await feed.EnterAsync();
        try
        {
            connection.RemoveRoom(roomId);
            if (feed.Unsubscribe(connection) is { } leaving)
            {
                _ = GoOfflineAfterGraceAsync(feed, leaving);
            }
        }
        finally
        {
            feed.Exit();
        }
    }

    /// <summary>Unsubscribes the connection from every room, each even if another fails; the first failure is rethrown.</summary>
    public async Task UnsubscribeAllAsync(ClientConnection connection)
    {
        var failures = new List<Exception>();
        foreach (var roomId in connection.Rooms())
        {
            try
            {
                await UnsubscribeAsync(connection, roomId);
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(failures);
        }
    }

    /// <summary>Users online here, counted once per room they are in (a gauge on /metrics).</summary>
    public int OnlineCount => _feeds.Values.Sum(feed => feed.OnlineCount);

    /// <summary>Takes a push from a room grain; delivery continues in the background.</summary>
    public void Deliver(string roomId, ImmutableArray<ChatMessage> messages)
    {
        if (RoomId.TryCreate(roomId, out var id) && _feeds.TryGetValue(id, out var feed))
        {
            _ = AcceptAsync(feed, messages);
        }
    }

    /// <summary>
    /// Echo before acknowledgement: hands a message this front-end just stored to the room's
    /// subscribers here (the copy the room pushes is then dropped as already delivered), and waits
    /// until they have it and the sending connection's socket has everything queued before the
    /// acknowledgement. Waits at most <see cref="RealtimeOptions.EchoPatience"/>: the message is
    /// stored either way, and the acknowledgement must not hang on a slow client.
    /// </summary>
    public async Task EchoAsync(ChatMessage message, ClientConnection? sender)
    {
        var patience = options.Value.EchoPatience;
        var started = time.GetTimestamp();
        try
        {
            if (RoomId.TryCreate(message.RoomId, out var roomId) && _feeds.TryGetValue(roomId, out var feed))
            {
                await AcceptAsync(feed, [message]);
                await feed.WhenDeliveredAsync(message.Seq).WaitAsync(patience, time);
            }

            if (sender is not null)
            {
                await sender.WhenWrittenAsync().WaitAsync(Remaining(patience, started), time);
            }
        }
        catch (TimeoutException)
        {
            // The message is stored; a gap that is slow to fill, or a slow socket, delays only its echo.
        }
    }

    /// <summary>Hands presence or typing to every connection subscribed to the room here.</summary>
    public void Broadcast(string roomId, Push push)
    {
        if (RoomId.TryCreate(roomId, out var id) && _feeds.TryGetValue(id, out var feed))
        {
            foreach (var connection in feed.Subscribers)
            {
                connection.Push(push);
            }
        }
    }

    /// <summary>
    /// Renews every registration (a room grain that moved or restarted learns us again), fills any
    /// gap that opened meanwhile, and lets go of rooms nobody here subscribes to any more.
    /// </summary>
    public async Task RenewAllAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in _feeds.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await feed.EnterAsync(cancellationToken);
            try
            {
                await RenewAsync(feed);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRenewFailed(exception, feed.RoomId.Value);
            }
            finally
            {
                feed.Exit();
            }
        }
    }

    private async Task RenewAsync(RoomFeed feed)
    {
        var room = grains.GetRoom(feed.RoomId);
        if (!feed.HasSubscribers)
        {
            feed.Retire();
            _feeds.TryRemove(new KeyValuePair<RoomId, RoomFeed>(feed.RoomId, feed));
            if (feed.IsAttached)
            {
                await room.DetachFrontendAsync(node.Id);
            }

            return;
        }

        var latest = await room.AttachFrontendAsync(node.Link, feed.OnlineUsers);
        feed.Attach(latest);
        await FetchUpToAsync(feed, latest);
    }

    private async Task AcceptAsync(RoomFeed feed, ImmutableArray<ChatMessage> messages)
    {
        try
        {
            await feed.EnterAsync();
            try
            {
                Leave(feed, feed.Accept(messages));
                if (feed.GapEnd is not null && !feed.GapFillScheduled)
                {
                    feed.GapFillScheduled = true;
                    _ = FillGapLaterAsync(feed);
                }
            }
            finally
            {
                feed.Exit();
            }
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, feed.RoomId.Value);
        }
    }

    /// <summary>Pushes can overtake each other; if the missing ones do not arrive soon, fetch them.</summary>
    private async Task FillGapLaterAsync(RoomFeed feed)
    {
        try
        {
            await Task.Delay(GapGrace, time);
            await feed.EnterAsync();
            try
            {
                feed.GapFillScheduled = false;
                if (feed.GapEnd is { } gapEnd && !feed.IsRetired)
                {
                    await FetchUpToAsync(feed, gapEnd);
                }
            }
            finally
            {
                feed.Exit();
            }
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, feed.RoomId.Value);
        }
    }

    private async Task FetchUpToAsync(RoomFeed feed, long upToSeq)
    {
        var room = grains.GetRoom(feed.RoomId);
        while (feed.DeliveredSeq < upToSeq)
        {
            var before = feed.DeliveredSeq;
            var missing = await room.GetRangeAsync(before, Math.Min(upToSeq, before + ApiLimits.MaxRangeLength));
            Leave(feed, feed.Accept(missing));
            if (feed.DeliveredSeq == before)
            {
                return;
            }
        }
    }

    /// <summary>Users whose subscriptions here ended because they left the room or were removed go offline after the grace.</summary>
    private void Leave(RoomFeed feed, IReadOnlyList<UserProfile> users)
    {
        foreach (var user in users)
        {
            _ = GoOfflineAfterGraceAsync(feed, user);
        }
    }

    /// <summary>
    /// A user whose last connection here left the room stays online for
    /// <see cref="LimitOptions.PresenceGrace"/>: coming back meanwhile (a reconnect, a reload)
    /// flips nobody's presence. After it, the room is told the user is offline here.
    /// </summary>
    private async Task GoOfflineAfterGraceAsync(RoomFeed feed, UserProfile user)
    {
        try
        {
            await Task.Delay(limits.Value.PresenceGrace, time);
            await feed.EnterAsync();
            try
            {
                if (feed.IsRetired)
                {
                    return;
                }

                if (feed.FinishLeaving(user.UserId))
                {
                    await grains.GetRoom(feed.RoomId).SetPresenceAsync(node.Id, user, online: false);
                }
                else
                {
                    metrics.PresenceFlipCoalesced();
                }
            }
            finally
            {
                feed.Exit();
            }
        }
        catch (Exception exception)
        {
            LogPresenceFailed(exception, feed.RoomId.Value);
        }
    }

    private TimeSpan Remaining(TimeSpan patience, long started)
    {
        var left = patience - time.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the registration with room {RoomId} failed; will retry")]
    private partial void LogRenewFailed(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling room {RoomId} that a user went offline here failed; the front-end's next renewal corrects it")]
    private partial void LogPresenceFailed(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering messages of room {RoomId} failed")]
    private partial void LogDeliveryFailed(Exception exception, string roomId);
}
