using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Parley.Frontend.Ddp;

/// <summary>
/// One DDP connection, as Meteor's server runs it: the <c>connect</c> handshake; <c>ping</c> and
/// <c>pong</c> answered at once; methods and subscriptions handled one at a time in the order sent;
/// a ping after a quiet interval and the connection dropped when nothing comes back. Frames that
/// are not DDP get Meteor's <c>{msg:"error", reason, offendingMessage}</c> and change nothing.
/// </summary>
internal sealed partial class DdpSession
{
    /// <summary>The only DDP version served; Meteor's current one.</summary>
    public const string Version = "1";

    private const int InboundCapacity = 64;
    private const string SessionIdAlphabet = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";

    private readonly DdpSocket _socket;
    private readonly DdpOptions _options;
    private readonly TimeProvider _time;
    private readonly ChatsPublication _chats;
    private readonly DdpLogins _logins;
    private readonly DdpMethods _methods;
    private readonly DdpGateway _gateway;
    private readonly ILogger _logger;
    private readonly Channel<DdpMessage> _inbound = Channel.CreateBounded<DdpMessage>(
        new BoundedChannelOptions(InboundCapacity) { SingleReader = true, SingleWriter = true });

    private long _received;
    private volatile bool _connected;

    public DdpSession(DdpGateway gateway, DdpSocket socket, string clientAddress, ILogger logger)
    {
        _gateway = gateway;
        _socket = socket;
        _options = gateway.Options;
        _time = gateway.Time;
        _logger = logger;
        _chats = new ChatsPublication(socket, gateway.Feeds, logger);
        _logins = new DdpLogins(Id, socket, _chats, gateway.Connections, gateway.Grains);
        _methods = new DdpMethods(socket, _logins, gateway.Credentials, gateway.Sender, gateway.Rooms, _chats, clientAddress, logger);
    }

    /// <summary>Meteor's session id: 17 characters of its unambiguous alphabet.</summary>
    public string Id { get; } = RandomNumberGenerator.GetString(SessionIdAlphabet, 17);

    /// <summary>Runs the connection until either side closes it or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var writing = _socket.RunWriterAsync();
        var processing = ProcessAsync();
        using var quiet = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(quiet.Token);
        using (stopping.Register(() => _socket.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down")))
        {
            await ReceiveAsync();
        }

        _inbound.Writer.TryComplete();
        await quiet.CancelAsync();
        await processing;
        await heartbeat;
        try
        {
            await _logins.DetachAsync(_gateway.Feeds);
        }
        catch (Exception exception)
        {
            // Not retried: a room feed that still lists this connection only pushes to a peer that ignores it.
            LogDetachFailed(exception, Id);
        }
        finally
        {
            _socket.Close(WebSocketCloseStatus.NormalClosure, "");
            await writing;
        }
    }

    /// <summary>Reads frames until the client (or the close handshake) ends; answers what cannot wait in line.</summary>
    private async Task ReceiveAsync()
    {
        while (true)
        {
            var received = await _socket.ReceiveAsync();
            if (received.IsClosed)
            {
                return;
            }

            Interlocked.Increment(ref _received);
            if (_socket.IsClosing)
            {
                continue; // draining until the client answers our close frame
            }

            if (received.IsTooLarge)
            {
                LogFrameTooLarge(_options.MaxFrameBytes);
                _socket.Send(DdpFrames.Error("Frame too large"));
                _socket.Close(WebSocketCloseStatus.MessageTooBig, $"frames are limited to {_options.MaxFrameBytes} bytes");
                continue;
            }

            if (!DdpMessage.TryParse(received.Frame, out var message))
            {
                _socket.Send(DdpFrames.Error("Bad request"));
                continue;
            }

            if (!message.HasKind)
            {
                _socket.Send(DdpFrames.Error("Bad request", message.Root));
                continue;
            }

            var kind = message.Kind;
            if (kind == "connect")
            {
                Connect(message);
            }
            else if (!_connected)
            {
                _socket.Send(DdpFrames.Error("Must connect first", message.Root));
            }
            else if (kind == "ping")
            {
                _socket.Send(DdpFrames.Pong(message.Id));
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
            _socket.Send(DdpFrames.Error("Already connected", message.Root));
            return;
        }

        var version = message.String("version");
        var support = message.Root.TryGetProperty("support", out var listed) && listed.ValueKind == System.Text.Json.JsonValueKind.Array
            ? listed.EnumerateArray().ToList()
            : null;
        var proposesOurs = version == Version
            && support is not null
            && support.All(v => v.ValueKind == System.Text.Json.JsonValueKind.String)
            && support.Any(v => v.GetString() == Version);
        if (!proposesOurs)
        {
            _socket.Send(DdpFrames.Failed(Version));
            _socket.Close(WebSocketCloseStatus.NormalClosure, "unsupported DDP version");
            return;
        }

        _connected = true;
        _socket.Send(DdpFrames.Connected(Id));
    }

    /// <summary>Methods, subscriptions and unsubscriptions, strictly one after another like Meteor's inQueue.</summary>
    private async Task ProcessAsync()
    {
        await foreach (var message in _inbound.Reader.ReadAllAsync())
        {
            if (_socket.IsClosing)
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
                    _socket.Send(DdpFrames.Error("Malformed method invocation", message.Root));
                    return;
                }

                await _methods.CallAsync(methodId, method, message);
                return;
            case "sub":
                var subId = message.String("id");
                var name = message.String("name");
                if (subId is null || name is null || !message.HasValidParams)
                {
                    _socket.Send(DdpFrames.Error("Malformed subscription", message.Root));
                    return;
                }

                if (name != ChatsPublication.Name)
                {
                    _socket.Send(DdpFrames.NoSub(subId, DdpError.NotFound($"Subscription '{name}' not found")));
                    return;
                }

                await _chats.StartAsync(subId, message.Param(0), _logins.Current);
                return;
            case "unsub":
                await _chats.StopAsync(message.String("id"));
                return;
            default:
                _socket.Send(DdpFrames.Error("Bad request", message.Root));
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
                await Task.Delay(_options.HeartbeatInterval, _time, cancellationToken);
                if (Interlocked.Read(ref _received) != seen)
                {
                    continue;
                }

                if (_connected)
                {
                    _socket.Send(DdpFrames.Ping);
                }

                await Task.Delay(_options.HeartbeatTimeout, _time, cancellationToken);
                if (Interlocked.Read(ref _received) != seen)
                {
                    continue;
                }

                LogHeartbeatTimeout(Id);
                _socket.Close(WebSocketCloseStatus.NormalClosure, "heartbeat timeout");
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // the connection ended first
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DDP session {SessionId} did not answer the heartbeat; dropping it")]
    private partial void LogHeartbeatTimeout(string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A DDP client sent a frame over {MaxFrameBytes} bytes; closing it")]
    private partial void LogFrameTooLarge(int maxFrameBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing closed DDP session {SessionId} from its rooms failed")]
    private partial void LogDetachFailed(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a DDP {Kind} message failed")]
    private partial void LogUnexpected(Exception exception, string? kind);
}
