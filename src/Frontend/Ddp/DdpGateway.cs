using Microsoft.Extensions.Options;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Ddp;

/// <summary>Accepts DDP WebSockets and runs a <see cref="DdpSession"/> on each, with the front-end's shared services.</summary>
internal sealed class DdpGateway(
    IGrainFactory grains,
    RoomFeeds feeds,
    ChatConnections connections,
    MessageSender sender,
    RoomCatalog rooms,
    DdpCredentials credentials,
    IOptions<DdpOptions> options,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers)
{
    public IGrainFactory Grains => grains;

    public RoomFeeds Feeds => feeds;

    public ChatConnections Connections => connections;

    public MessageSender Sender => sender;

    public RoomCatalog Rooms => rooms;

    public DdpCredentials Credentials => credentials;

    public DdpOptions Options => options.Value;

    public TimeProvider Time => TimeProvider.System;

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
        var logger = loggers.CreateLogger<DdpSession>();
        var socket = new DdpSocket(webSocket, Options, logger);
        var session = new DdpSession(this, socket, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", logger);
        await session.RunAsync(lifetime.ApplicationStopping);
    }
}
