using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Frontend.Hubs;

/// <summary>
/// SignalR's in-memory lifetime manager that also hands out each connection's
/// <see cref="HubConnectionContext"/>, so the fan-out can write a pre-encoded batch of messages to
/// a connection with one write instead of one group send per message.
/// </summary>
internal sealed class ChatHubLifetimeManager(ILogger<DefaultHubLifetimeManager<ChatHub>> logger)
    : DefaultHubLifetimeManager<ChatHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new();

    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }
}
