using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Parley.Frontend.Auth;
using Parley.Frontend.Hosting;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Ddp;

/// <summary>
/// Accepts DDP WebSockets and builds each connection's objects, with the front-end's shared
/// services: its socket, its core connection (whose writer is the <see cref="DdpTransport"/>),
/// its subscriptions, logins and methods, and the session that runs them.
/// </summary>
internal sealed class DdpGateway(
    IGrainFactory grains,
    RoomFeeds feeds,
    ConnectionRegistry connections,
    MessageSender sender,
    RoomCatalog rooms,
    DdpCredentials credentials,
    IOptions<DdpOptions> options,
    IOptions<LimitOptions> limits,
    [FromKeyedServices(FrontendClock.Key)] TimeProvider time,
    ParleyMetrics metrics,
    ILogger<DdpSession> logger)
{
    private const string SessionIdAlphabet = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";

    public async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            // What Meteor's WebSocket endpoint answers a plain HTTP request.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Can \"Upgrade\" only to \"WebSocket\".", context.RequestAborted);
            return;
        }

        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        var session = Create(webSocket, ClientId.Of(context));
        await session.RunAsync();
    }

    private DdpSession Create(WebSocket webSocket, ClientId client)
    {
        // Meteor's session id: 17 characters of its unambiguous alphabet.
        var id = RandomNumberGenerator.GetString(SessionIdAlphabet, 17);
        var socket = new DdpSocket(webSocket, options.Value.MaxFrameBytes);
        var connection = connections.Open($"ddp:{id}", new DdpTransport(socket, options.Value.MaxDocumentsPerSubscription));
        var chats = new ChatsSubscriptions(connection, feeds, limits.Value.MaxSubscriptionsPerConnection, metrics, logger);
        var logins = new DdpLogins(connection, connections, chats, feeds, grains);
        var methods = new DdpMethods(connection, logins, credentials, sender, rooms, client, metrics, logger);
        return new DdpSession(id, socket, connection, connections, feeds, methods, chats, options.Value, time, logger);
    }
}
