using System.Text.Json;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Ddp;

/// <summary>
/// The <c>getChats [{roomId?, limit?}]</c> subscriptions a DDP client asked for, and the room
/// feeds they need. Started, stopped and rerun one at a time by the connection's message loop,
/// which queues each step for <see cref="ChatsPublisher"/>: what the client is sent is decided
/// there, in order with the live messages. Subscriptions follow the user: made before a login
/// they are ready and empty, and they run again whenever the user changes.
/// </summary>
internal sealed partial class ChatsSubscriptions(ClientConnection connection, RoomFeeds feeds, int maxSubscriptions, ParleyMetrics metrics, ILogger logger)
{
    public const string Name = "getChats";

    private readonly Dictionary<string, (RoomId RoomId, int Limit)> _requested = [];

    /// <summary>Handles <c>sub</c> for <c>getChats</c>.</summary>
    public async Task StartAsync(string subscriptionId, JsonElement argument)
    {
        if (_requested.ContainsKey(subscriptionId))
        {
            return; // Meteor ignores a sub whose id is live: clients resend subs after reconnecting
        }

        RoomId roomId;
        int limit;
        try
        {
            if (_requested.Count >= maxSubscriptions)
            {
                throw new ParleyException(ParleyErrorCode.LimitExceeded, $"a connection may hold at most {maxSubscriptions} subscriptions");
            }

            var options = DdpArgs.Options(argument, Name);
            roomId = RoomCatalog.ExistingRoom(DdpArgs.String(options, "roomId") ?? RoomId.General.Value);
            limit = DdpArgs.Integer(options, "limit", 1, ApiLimits.MaxReplay) ?? ApiLimits.DefaultReplay;
        }
        catch (ParleyException refusal)
        {
            metrics.Refused(refusal.Code, "ddp");
            connection.Push(new DdpFrame(DdpFrames.NoSub(subscriptionId, DdpError.From(refusal))));
            return;
        }

        _requested[subscriptionId] = (roomId, limit);
        await RunAsync(subscriptionId);
    }

    /// <summary>Handles <c>unsub</c>: what only this subscription published is removed, then <c>nosub</c>.</summary>
    public async Task StopAsync(string? subscriptionId)
    {
        if (subscriptionId is null || !_requested.Remove(subscriptionId, out var stopped))
        {
            // Meteor answers an unknown id with a bare nosub.
            connection.Push(new DdpFrame(DdpFrames.NoSub(subscriptionId)));
            return;
        }

        connection.Push(new ChatsStopped(subscriptionId));
        if (!_requested.Values.Any(s => s.RoomId == stopped.RoomId))
        {
            await feeds.UnsubscribeAsync(connection, stopped.RoomId);
        }
    }

    /// <summary>
    /// Runs every subscription again for the user now logged in (or for nobody), like Meteor's
    /// rerun on <c>setUserId</c>; the previous user's feeds were left already. Documents the
    /// client holds are not sent again; those no longer published are removed at the end.
    /// </summary>
    public async Task RerunAsync()
    {
        connection.Push(new ChatsRerunStarted());
        try
        {
            foreach (var subscriptionId in _requested.Keys.ToList())
            {
                await RunAsync(subscriptionId);
            }
        }
        finally
        {
            connection.Push(new ChatsRerunFinished());
        }
    }

    private async Task RunAsync(string subscriptionId)
    {
        var (roomId, limit) = _requested[subscriptionId];
        if (connection.Login is null)
        {
            connection.Push(new ChatsParked(subscriptionId));
            return;
        }

        connection.Push(new ChatsStarting(subscriptionId, roomId));
        try
        {
            var replay = await feeds.SubscribeAsync(connection, roomId, sinceSeq: null, limit);
            connection.Push(new ChatsReplayed(subscriptionId, replay.Messages));
        }
        catch (Exception exception)
        {
            var error = DdpError.From(exception);
            if (error.IsServerFault)
            {
                LogSubscribeFailed(exception, roomId.Value);
            }

            _requested.Remove(subscriptionId);
            metrics.Refused(error.ParleyCode ?? ParleyErrorCode.Internal, "ddp");
            connection.Push(new ChatsFailed(subscriptionId, error));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscribing a DDP client to room {RoomId} failed")]
    private partial void LogSubscribeFailed(Exception exception, string roomId);
}
