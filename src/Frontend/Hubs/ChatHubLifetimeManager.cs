using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Auth;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Hubs;

/// <summary>
/// SignalR's in-memory lifetime manager, where each SignalR connection joins the realtime core
/// (its <see cref="HubConnectionContext"/> becomes the connection's transport) and leaves it again,
/// with its subscriptions, whatever ended it.
/// </summary>
internal sealed partial class ChatHubLifetimeManager(ConnectionRegistry connections, RoomFeeds feeds, ILoggerFactory loggers)
    : DefaultHubLifetimeManager<ChatHub>(loggers.CreateLogger<DefaultHubLifetimeManager<ChatHub>>())
{
    private readonly ILogger _logger = loggers.CreateLogger<ChatHubLifetimeManager>();

    /// <summary>Where the core's connection is kept in <see cref="HubCallerContext.Items"/>.</summary>
    public const string ConnectionItem = "parley:connection";

    public override async Task OnConnectedAsync(HubConnectionContext hubConnection)
    {
        await base.OnConnectedAsync(hubConnection);
        var connection = connections.Open(hubConnection.ConnectionId, new SignalRTransport(hubConnection));
        hubConnection.Items[ConnectionItem] = connection;
        try
        {
            if (await connections.SignInAsync(connection, hubConnection.User.Session()) is { } ended)
            {
                connection.EndSession(ended);
            }
        }
        catch (ParleyException refusal)
        {
            connection.Close(CloseReason.Refused(refusal));
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext hubConnection)
    {
        try
        {
            if (hubConnection.Items.TryGetValue(ConnectionItem, out var item) && item is ClientConnection connection)
            {
                connections.Remove(connection);
                connection.Abort(CloseReason.Failed);
                await feeds.UnsubscribeAllAsync(connection);
            }
        }
        catch (Exception exception)
        {
            // Not retried: a room feed that still lists this connection pushes into a queue that is gone.
            LogCleanupFailed(exception, hubConnection.ConnectionId);
        }
        finally
        {
            await base.OnDisconnectedAsync(hubConnection);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing closed SignalR connection {ConnectionId} from its rooms failed")]
    private partial void LogCleanupFailed(Exception exception, string connectionId);
}
