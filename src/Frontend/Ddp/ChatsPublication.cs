using System.Text.Json;
using Parley.Frontend.Hubs;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Ddp;

/// <summary>
/// The <c>getChats</c> publication of one DDP connection, and its merge box for collection
/// <c>chats</c>: which documents the client holds and how many subscriptions publish each, so a
/// document is <c>added</c> once and <c>removed</c> when its last subscription stops (Meteor's
/// NO_MERGE_MULTI strategy; chat documents never change). Start, stop and rerun come from the
/// connection's message loop one at a time; live messages come from the fan-out at any time and
/// are published under the same lock, so a subscription's replay always precedes its live ones.
/// </summary>
internal sealed partial class ChatsPublication(DdpSocket socket, RoomFeeds feeds, ILogger logger)
{
    public const string Name = "getChats";
    public const int DefaultLimit = RoomFeeds.DefaultReplay;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChatsSubscription> _subscriptions = [];
    private readonly Dictionary<string, int> _documents = [];
    private readonly Dictionary<string, TaskCompletionSource> _awaited = [];
    private bool _rerunning;

    /// <summary>Handles <c>sub</c> for <c>getChats [{roomId?, limit?}]</c>; <paramref name="login"/> is null when nobody is logged in.</summary>
    public async Task StartAsync(string subscriptionId, JsonElement argument, ChatConnection? login)
    {
        lock (_lock)
        {
            if (_subscriptions.ContainsKey(subscriptionId))
            {
                return; // Meteor ignores a sub whose id is live: clients resend subs after reconnecting
            }
        }

        ChatsSubscription subscription;
        try
        {
            var options = DdpArgs.Options(argument, Name);
            var roomId = RoomCatalog.ExistingRoom(DdpArgs.String(options, "roomId") ?? RoomId.General.Value);
            subscription = new ChatsSubscription(subscriptionId, roomId, DdpArgs.Integer(options, "limit", 1, RoomFeeds.MaxReplay) ?? DefaultLimit);
        }
        catch (ParleyException refusal)
        {
            socket.Send(DdpFrames.NoSub(subscriptionId, DdpError.From(refusal)));
            return;
        }

        lock (_lock)
        {
            _subscriptions[subscriptionId] = subscription;
        }

        if (login is null)
        {
            MarkReady(subscription);
            return;
        }

        await RunAsync(subscription, login);
    }

    /// <summary>Handles <c>unsub</c>: removes what only this subscription published, then <c>nosub</c>.</summary>
    public async Task StopAsync(string? subscriptionId)
    {
        ChatsSubscription? stopped = null;
        var roomStillWanted = false;
        lock (_lock)
        {
            if (subscriptionId is not null && _subscriptions.Remove(subscriptionId, out stopped))
            {
                Unpublish(stopped);
                roomStillWanted = _subscriptions.Values.Any(s => s.RoomId == stopped.RoomId && s.Connection == stopped.Connection);
            }

            socket.Send(DdpFrames.NoSub(subscriptionId));
        }

        if (stopped?.Connection is { } connection && !roomStillWanted)
        {
            await feeds.UnsubscribeAsync(connection, stopped.RoomId);
        }
    }

    /// <summary>
    /// The user changed (login, logout): every subscription runs again for the new user, like
    /// Meteor's rerun on <c>setUserId</c>. Documents the client already holds are not sent
    /// again; those no longer published are removed at the end.
    /// </summary>
    public async Task RerunAsync(ChatConnection? previous, ChatConnection? next)
    {
        List<ChatsSubscription> subscriptions;
        lock (_lock)
        {
            _rerunning = true;
            subscriptions = [.. _subscriptions.Values];
            foreach (var subscription in subscriptions)
            {
                Unpublish(subscription);
                Park(subscription);
            }
        }

        try
        {
            if (previous is not null)
            {
                try
                {
                    await feeds.UnsubscribeAllAsync(previous);
                }
                catch (Exception exception)
                {
                    // Pushes to the login left behind are ignored; the new login's subscriptions matter more.
                    LogUnsubscribeFailed(exception);
                }
            }

            if (next is not null)
            {
                foreach (var subscription in subscriptions)
                {
                    await RunAsync(subscription, next);
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _rerunning = false;
                foreach (var id in _documents.Where(d => d.Value == 0).Select(d => d.Key).ToList())
                {
                    _documents.Remove(id);
                    socket.Send(DdpFrames.Removed(DdpFrames.ChatsCollection, id));
                }
            }
        }
    }

    /// <summary>A message pushed live to one login (<paramref name="peer"/>) of the connection; pushes to a login it left are ignored.</summary>
    public void OnMessage(IRealtimePeer peer, ChatMessage message)
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions.Values)
            {
                if (subscription.Connection?.Peer != peer || subscription.RoomId.Value != message.RoomId)
                {
                    continue;
                }

                if (subscription.State == ChatsSubscriptionState.Active)
                {
                    Publish(subscription, message);
                }
                else if (subscription.State == ChatsSubscriptionState.Starting)
                {
                    subscription.Early.Add(message);
                }
            }
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="patience"/>) until <paramref name="message"/>, just sent by
    /// this connection's login <paramref name="peer"/>, is published to its subscriptions, if any
    /// subscribes to the room: then <c>result</c> and <c>updated</c> follow the <c>added</c>, as
    /// Meteor's write fence orders them. The room pushes a message before its send returns, so
    /// the wait is normally the time the push takes to arrive.
    /// </summary>
    public async Task WaitUntilPublishedAsync(IRealtimePeer peer, ChatMessage message, TimeSpan patience)
    {
        TaskCompletionSource? published;
        lock (_lock)
        {
            var subscribed = _subscriptions.Values.Any(s => s.Connection?.Peer == peer && s.RoomId.Value == message.RoomId);
            if (!subscribed || _documents.ContainsKey(message.MessageId))
            {
                return;
            }

            if (!_awaited.TryGetValue(message.MessageId, out published))
            {
                _awaited[message.MessageId] = published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        using var timeout = new CancellationTokenSource();
        await Task.WhenAny(published.Task, Task.Delay(patience, timeout.Token));
        await timeout.CancelAsync();
        lock (_lock)
        {
            _awaited.Remove(message.MessageId);
        }
    }

    /// <summary>The connection is gone: forget everything without telling the client.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _subscriptions.Clear();
            _documents.Clear();
            foreach (var published in _awaited.Values)
            {
                published.TrySetResult();
            }

            _awaited.Clear();
        }
    }

    private async Task RunAsync(ChatsSubscription subscription, ChatConnection login)
    {
        lock (_lock)
        {
            subscription.State = ChatsSubscriptionState.Starting;
            subscription.Connection = login;
            subscription.Early.Clear();
        }

        SubscribeResult replay;
        try
        {
            replay = await feeds.SubscribeAsync(login, subscription.RoomId, sinceSeq: null, subscription.Limit);
        }
        catch (Exception exception)
        {
            var error = DdpError.From(exception);
            if (error.IsServerFault)
            {
                LogSubscribeFailed(exception, subscription.RoomId.Value);
            }

            lock (_lock)
            {
                if (_subscriptions.Remove(subscription.Id))
                {
                    socket.Send(DdpFrames.NoSub(subscription.Id, error));
                }
            }

            return;
        }

        lock (_lock)
        {
            if (subscription.Connection != login || !_subscriptions.ContainsKey(subscription.Id))
            {
                return; // the connection closed while the room answered
            }

            foreach (var message in replay.Messages)
            {
                Publish(subscription, message);
            }

            var replayedUpTo = replay.Messages.Count > 0 ? replay.Messages[^1].Seq : 0;
            foreach (var message in subscription.Early.Where(m => m.Seq > replayedUpTo))
            {
                Publish(subscription, message);
            }

            subscription.Early.Clear();
            subscription.State = ChatsSubscriptionState.Active;
            MarkReadyUnderLock(subscription);
        }
    }

    private void MarkReady(ChatsSubscription subscription)
    {
        lock (_lock)
        {
            MarkReadyUnderLock(subscription);
        }
    }

    private void MarkReadyUnderLock(ChatsSubscription subscription)
    {
        if (!subscription.ReadySent)
        {
            subscription.ReadySent = true;
            socket.Send(DdpFrames.Ready(subscription.Id));
        }
    }

    private static void Park(ChatsSubscription subscription)
    {
        subscription.State = ChatsSubscriptionState.Parked;
        subscription.Connection = null;
        subscription.Early.Clear();
    }

    private void Publish(ChatsSubscription subscription, ChatMessage message)
    {
        if (!subscription.Documents.Add(message.MessageId))
        {
            return;
        }

        if (!_documents.TryGetValue(message.MessageId, out var publishers))
        {
            socket.Send(DdpFrames.ChatAdded(message));
            if (_awaited.Remove(message.MessageId, out var published))
            {
                published.TrySetResult();
            }
        }

        _documents[message.MessageId] = publishers + 1;
    }

    private void Unpublish(ChatsSubscription subscription)
    {
        foreach (var id in subscription.Documents)
        {
            var publishers = _documents[id] - 1;
            if (publishers > 0 || _rerunning)
            {
                _documents[id] = publishers;
            }
            else
            {
                _documents.Remove(id);
                socket.Send(DdpFrames.Removed(DdpFrames.ChatsCollection, id));
            }
        }

        subscription.Documents.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing a DDP client's previous login from its rooms failed")]
    private partial void LogUnsubscribeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscribing a DDP client to room {RoomId} failed")]
    private partial void LogSubscribeFailed(Exception exception, string roomId);
}
