using System.Text.Json;
using System.Threading.Channels;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>
/// One DDP connection, as Meteor's server runs it: the <c>connect</c> handshake; <c>ping</c> and
/// <c>pong</c> answered at once; methods and subscriptions handled one at a time in the order sent;
/// a ping after a quiet interval and the connection dropped when nothing comes back. Frames that
/// are not DDP get Meteor's <c>{msg:"error", reason, offendingMessage}</c> and change nothing.
/// Every frame out goes through the core connection's queue, in order.
/// </summary>
internal sealed partial class DdpSession(
    string id,
    DdpSocket socket,
    ClientConnection connection,
    ConnectionRegistry connections,
    RoomFeeds feeds,
    DdpMethods methods,
    ChatsSubscriptions chats,
    DdpOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The only DDP version served; Meteor's current one.</summary>
    public const string Version = "1";

    private const int InboundCapacity = 64;

    private readonly Channel<DdpMessage> _inbound = Channel.CreateBounded<DdpMessage>(
        new BoundedChannelOptions(InboundCapacity) { SingleReader = true, SingleWriter = true });

    private long _received;
    private volatile bool _connected;

    /// <summary>Runs the connection until either side closes it; always cleans up after itself.</summary>
    public async Task RunAsync()
    {
        using var quiet = new CancellationTokenSource();
        var processing = ProcessAsync();
        var heartbeat = HeartbeatAsync(quiet.Token);
        try
        {
            await ReceiveAsync();
        }
        catch (Exception exception)
        {
            // A bug in reading must end this one connection, cleanly, and nothing else.
            LogReceiveFailed(exception, id);
            connection.Abort(CloseReason.Failed);
        }
        finally
        {
            _inbound.Writer.TryComplete();
            await quiet.CancelAsync();
            await processing;
            await heartbeat;
            await LeaveAsync();
        }
    }

    /// <summary>Reads frames until the client (or the close handshake) ends; answers what cannot wait in line.</summary>
    private async Task ReceiveAsync()
    {
        while (true)
        {
            var received = await socket.ReceiveAsync();
            if (received.IsClosed)
            {
                return;
            }

            Interlocked.Increment(ref _received);
            if (!connection.IsOpen)
            {
                continue; // draining until the client answers our close frame
            }

            if (received.IsTooLarge)
            {
                LogFrameTooLarge(options.MaxFrameBytes);
                Send(DdpFrames.Error("Frame too large"));
                connection.Close(DdpCloseReason.FrameTooLarge(options.MaxFrameBytes));
                continue;
            }

            if (!DdpMessage.TryParse(received.Frame, out var message))
            {
                Send(DdpFrames.Error("Bad request"));
                continue;
            }

            if (!message.HasKind)
            {
                Send(DdpFrames.Error("Bad request", message.Root));
                continue;
            }

            var kind = message.Kind;
            if (kind == "connect")
            {
                Connect(message);
            }
            else if (!_connected)
            {
                Send(DdpFrames.Error("Must connect first", message.Root));
            }
            else if (kind == "ping")
            {
                Send(DdpFrames.Pong(message.Id));
            }
            else if (kind != "pong")
            {
                await _inbound.Writer.WriteAsync(message);
            }
        }
    }

    /// <summary>
    /// Meteor's version negotiation with one supported version: the client must propose "1" and
    /// list it among the versions it supports, or it is told to use "1" and disconnected.
    /// </summary>
    private void Connect(DdpMessage message)
    {
        if (_connected)
        {
            Send(DdpFrames.Error("Already connected", message.Root));
            return;
        }

        var version = message.String("version");
        var support = message.Root.TryGetProperty("support", out var listed) && listed.ValueKind == JsonValueKind.Array
            ? listed.EnumerateArray().ToList()
            : null;
        var proposesOurs = version == Version
            && support is not null
            && support.All(v => v.ValueKind == JsonValueKind.String)
            && support.Any(v => v.GetString() == Version);
        if (!proposesOurs)
        {
            Send(DdpFrames.Failed(Version));
            connection.Close(DdpCloseReason.UnsupportedVersion);
            return;
        }

        _connected = true;
        Send(DdpFrames.Connected(id));
    }

    /// <summary>Methods, subscriptions and unsubscriptions, strictly one after another like Meteor's inQueue.</summary>
    private async Task ProcessAsync()
    {
        await foreach (var message in _inbound.Reader.ReadAllAsync())
        {
            if (!connection.IsOpen)
            {
                continue;
            }

            try
            {
                await HandleAsync(message);
            }
            catch (Exception exception)
            {
                // A bug must cost this one message its answer, never the connection or the process.
                LogUnexpected(exception, message.Kind);
            }
        }
    }

    private async Task HandleAsync(DdpMessage message)
    {
        switch (message.Kind)
        {
            case "method":
                var methodId = message.String("id");
                var method = message.String("method");
                if (methodId is null || method is null || !message.HasValidParams || (message.Has("randomSeed") && message.String("randomSeed") is null))
                {
                    Send(DdpFrames.Error("Malformed method invocation", message.Root));
                    return;
                }

                if (methodId.Length > options.MaxIdLength)
                {
                    Send(DdpFrames.Error($"Method ids are limited to {options.MaxIdLength} characters"));
                    return;
                }

                connection.BeginCall();
                try
                {
                    await methods.CallAsync(methodId, method, message);
                }
                finally
                {
                    connection.EndCall();
                }

                return;
            case "sub":
                var subId = message.String("id");
                var name = message.String("name");
                if (subId is null || name is null || !message.HasValidParams)
                {
                    Send(DdpFrames.Error("Malformed subscription", message.Root));
                    return;
                }

                if (subId.Length > options.MaxIdLength)
                {
                    Send(DdpFrames.Error($"Subscription ids are limited to {options.MaxIdLength} characters"));
                    return;
                }

                if (MeteorPublications.IsEmptyOne(name))
                {
                    Send(DdpFrames.Ready(subId));
                    return;
                }

                if (name != ChatsSubscriptions.Name)
                {
                    Send(DdpFrames.NoSub(subId, DdpError.NotFound($"Subscription '{name}' not found")));
                    return;
                }

                await chats.StartAsync(subId, message.Param(0));
                return;
            case "unsub":
                await chats.StopAsync(message.String("id"));
                return;
            default:
                Send(DdpFrames.Error("Bad request", message.Root));
                return;
        }
    }

    /// <summary>
    /// Meteor's heartbeat: after an interval with nothing from the client, ping; if the timeout
    /// passes with still nothing, drop it. Before the handshake nothing is pinged, but silence
    /// drops the socket just the same.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var seen = Interlocked.Read(ref _received);
                await Task.Delay(options.HeartbeatInterval, time, cancellationToken);
                if (Interlocked.Read(ref _received) != seen)
                {
                    continue;
                }

                if (_connected)
                {
                    Send(DdpFrames.Ping);
                }

                await Task.Delay(options.HeartbeatTimeout, time, cancellationToken);
                if (Interlocked.Read(ref _received) != seen)
                {
                    continue;
                }

                LogHeartbeatTimeout(id);
                connection.Close(DdpCloseReason.HeartbeatTimeout);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // the connection ended first
        }
    }

    /// <summary>The socket is gone: unregister and leave the rooms without telling the client anything.</summary>
    private async Task LeaveAsync()
    {
        connections.Remove(connection);
        connection.Abort(CloseReason.Failed);
        try
        {
            await feeds.UnsubscribeAllAsync(connection);
        }
        catch (Exception exception)
        {
            // Not retried: a room feed that still lists this connection pushes into a queue that is gone.
            LogLeaveFailed(exception, id);
        }
    }

    private void Send(string frame) => connection.Push(new DdpFrame(frame));

    [LoggerMessage(Level = LogLevel.Information, Message = "DDP session {SessionId} did not answer the heartbeat; dropping it")]
    private partial void LogHeartbeatTimeout(string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A DDP client sent a frame over {MaxFrameBytes} bytes; closing it")]
    private partial void LogFrameTooLarge(int maxFrameBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing closed DDP session {SessionId} from its rooms failed")]
    private partial void LogLeaveFailed(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading from DDP session {SessionId} failed; closing it")]
    private partial void LogReceiveFailed(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a DDP {Kind} message failed")]
    private partial void LogUnexpected(Exception exception, string? kind);
}
