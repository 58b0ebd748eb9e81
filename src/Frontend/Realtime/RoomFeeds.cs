using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Hubs;

namespace Parley.Frontend.Realtime;

/// <summary>
/// Local fan-out. One registration with each room grain that has subscribers here; messages
/// pushed by the room go to every subscribed connection in seq order, each exactly once per
/// subscription: a subscriber is replayed everything up to what the feed has delivered, then joins
/// the feed, both under the feed's gate. The gate is never held while a client is written to.
/// </summary>
internal sealed partial class RoomFeeds(
    FrontendNode node,
    IGrainFactory grains,
    IHubContext<ChatHub, IChatClient> hub,
    ILogger<RoomFeeds> logger)
{
    public const int DefaultReplay = 50;
    public const int MaxReplay = 500;
    private const int MaxRange = 1000;
    private static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentDictionary<string, RoomFeed> _feeds = new();

    /// <summary>
    /// Joins <paramref name="connection"/> to the room's live feed and returns what it missed:
    /// messages after <paramref name="sinceSeq"/>, or without one the newest
    /// <paramref name="replayLimit"/> (default <see cref="DefaultReplay"/>).
    /// </summary>
    public async Task<SubscribeResult> SubscribeAsync(ChatConnection connection, RoomId roomId, long? sinceSeq, int? replayLimit = null)
    {
        var room = grains.GetRoom(roomId);
        while (true)
        {
            var feed = _feeds.GetOrAdd(roomId.Value, _ => new RoomFeed(roomId));
            await feed.Gate.WaitAsync();
            try
            {
                if (feed.Retired)
                {
                    continue;
                }

                if (!feed.Attached)
                {
                    feed.DeliveredSeq = await room.AttachFrontendAsync(node.Link, feed.Online);
                    feed.Attached = true;
                }

                var replay = await room.JoinAsync(connection.User, sinceSeq, sinceSeq is null ? Math.Clamp(replayLimit ?? DefaultReplay, 1, MaxReplay) : MaxReplay, feed.DeliveredSeq);
                if (feed.Connections.TryAdd(connection.ConnectionId, connection))
                {
                    if (connection.Peer.UsesSignalRGroups)
                    {
                        await hub.Groups.AddToGroupAsync(connection.ConnectionId, feed.Group);
                    }

                    connection.AddRoom(roomId.Value);
                    if (feed.AddOnline(connection.User))
                    {
                        await room.SetPresenceAsync(node.Id, connection.User, online: true);
                    }
                }

                return new SubscribeResult(replay.Room, replay.Messages, replay.LatestSeq, replay.Truncated);
            }
            finally
            {
                feed.Gate.Release();
            }
        }
    }

    public async Task UnsubscribeAsync(ChatConnection connection, RoomId roomId)
    {
        if (!_feeds.TryGetValue(roomId.Value, out var feed))
        {
            return;
        }

        await feed.Gate.WaitAsync();
        try
        {
            if (!feed.Connections.Remove(connection.ConnectionId))
            {
                return;
            }

            connection.RemoveRoom(roomId.Value);
            if (connection.Peer.UsesSignalRGroups)
            {
                await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, feed.Group);
            }

            if (feed.RemoveOnline(connection.User))
            {
                await grains.GetRoom(roomId).SetPresenceAsync(node.Id, connection.User, online: false);
            }
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    public async Task UnsubscribeAllAsync(ChatConnection connection)
    {
        foreach (var roomId in connection.Rooms())
        {
            await UnsubscribeAsync(connection, RoomId.Create(roomId));
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="patience"/>) until a message this front-end just stored was
    /// handed to the room's subscribers here, if there are any: the sender's own connections then
    /// see the message before its acknowledgement, and a publisher cannot outrun the local fan-out.
    /// </summary>
    public async Task WhenDeliveredHereAsync(string roomId, long seq, TimeSpan patience)
    {
        if (_feeds.TryGetValue(roomId, out var feed) && feed.Attached)
        {
            try
            {
                await feed.WhenDeliveredAsync(seq).WaitAsync(patience);
            }
            catch (TimeoutException)
            {
                // The push is late (gap fill, a busy silo); the message is stored, so acknowledge anyway.
            }
        }
    }

    /// <summary>Takes a push from a room grain; delivery continues in the background.</summary>
    public void Deliver(string roomId, ImmutableArray<ChatMessage> messages)
    {
        if (_feeds.TryGetValue(roomId, out var feed))
        {
            _ = DeliverAsync(feed, messages);
        }
    }

    public async Task BroadcastPresenceAsync(PresenceChanged change)
    {
        if (_feeds.TryGetValue(change.RoomId, out var feed))
        {
            var presence = new PresenceEvent(change.RoomId, change.User.UserId, change.User.Username, change.Online);
            await hub.Clients.Group(feed.Group).Presence(presence);
            await Task.WhenAll((await DirectPeersOfAsync(feed)).Select(peer => peer.SendPresenceAsync(presence)));
        }
    }

    public async Task BroadcastTypingAsync(TypingNotice notice)
    {
        if (_feeds.TryGetValue(notice.RoomId, out var feed))
        {
            var typing = new TypingEvent(notice.RoomId, notice.User.UserId, notice.User.Username);
            await hub.Clients.Group(feed.Group).Typing(typing);
            await Task.WhenAll((await DirectPeersOfAsync(feed)).Select(peer => peer.SendTypingAsync(typing)));
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
            await feed.Gate.WaitAsync(cancellationToken);
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
                feed.Gate.Release();
            }
        }
    }

    private async Task RenewAsync(RoomFeed feed)
    {
        var room = grains.GetRoom(feed.RoomId);
        if (feed.Connections.Count == 0)
        {
            feed.Retired = true;
            feed.SignalDelivered();
            _feeds.TryRemove(new KeyValuePair<string, RoomFeed>(feed.RoomId.Value, feed));
            if (feed.Attached)
            {
                await room.DetachFrontendAsync(node.Id);
            }

            return;
        }

        var latest = await room.AttachFrontendAsync(node.Link, feed.Online);
        feed.Attached = true;
        await FetchUpToAsync(feed, latest);
    }

    private async Task DeliverAsync(RoomFeed feed, ImmutableArray<ChatMessage> messages)
    {
        try
        {
            await feed.Gate.WaitAsync();
            try
            {
                if (!feed.Attached || feed.Retired)
                {
                    return;
                }

                foreach (var message in messages)
                {
                    if (message.Seq > feed.DeliveredSeq)
                    {
                        feed.Pending.TryAdd(message.Seq, message);
                    }
                }

                Flush(feed);
                if (feed.Pending.Count > 0 && !feed.GapFillScheduled)
                {
                    feed.GapFillScheduled = true;
                    _ = FillGapLaterAsync(feed);
                }
            }
            finally
            {
                feed.Gate.Release();
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
            await Task.Delay(GapGrace);
            await feed.Gate.WaitAsync();
            try
            {
                feed.GapFillScheduled = false;
                if (feed.Pending.Count > 0 && !feed.Retired)
                {
                    await FetchUpToAsync(feed, feed.Pending.Keys.First() - 1);
                }
            }
            finally
            {
                feed.Gate.Release();
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
            var missing = await room.GetRangeAsync(feed.DeliveredSeq, Math.Min(upToSeq, feed.DeliveredSeq + MaxRange));
            if (missing.IsEmpty)
            {
                return;
            }

            foreach (var message in missing)
            {
                feed.Pending.TryAdd(message.Seq, message);
            }

            var before = feed.DeliveredSeq;
            Flush(feed);
            if (feed.DeliveredSeq == before)
            {
                return;
            }
        }
    }

    /// <summary>Sends every pending message that is next in seq order, as one batch to each subscriber.</summary>
    private static void Flush(RoomFeed feed)
    {
        var ready = ImmutableArray.CreateBuilder<ChatMessage>();
        while (feed.Pending.Remove(feed.DeliveredSeq + 1, out var next))
        {
            ready.Add(next);
            feed.DeliveredSeq = next.Seq;
        }

        foreach (var stale in feed.Pending.Keys.TakeWhile(seq => seq <= feed.DeliveredSeq).ToList())
        {
            feed.Pending.Remove(stale);
        }

        if (ready.Count == 0)
        {
            return;
        }

        var batch = new MessageBatch(ready.DrainToImmutable());
        foreach (var connection in feed.Connections.Values)
        {
            connection.Peer.SendMessages(batch);
        }

        feed.SignalDelivered();
    }

    /// <summary>A snapshot taken under the gate: presence and typing are sent without holding it.</summary>
    private static async Task<List<IRealtimePeer>> DirectPeersOfAsync(RoomFeed feed)
    {
        await feed.Gate.WaitAsync();
        try
        {
            return [.. feed.DirectPeers];
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the registration with room {RoomId} failed; will retry")]
    private partial void LogRenewFailed(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering messages of room {RoomId} failed")]
    private partial void LogDeliveryFailed(Exception exception, string roomId);
}
