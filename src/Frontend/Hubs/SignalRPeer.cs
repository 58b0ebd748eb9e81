using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Hubs;

/// <summary>A SignalR connection as the fan-out sees it.</summary>
internal sealed class SignalRPeer(string connectionId, IHubContext<ChatHub, IChatClient> hub, Action abort) : IRealtimePeer
{
    public bool UsesSignalRGroups => true;

    public Task SendMessageAsync(ChatMessage message) => hub.Clients.Client(connectionId).Message(message);

    public Task SendPresenceAsync(PresenceEvent presence) => hub.Clients.Client(connectionId).Presence(presence);

    public Task SendTypingAsync(TypingEvent typing) => hub.Clients.Client(connectionId).Typing(typing);

    public Task SendSessionEndedAsync(SessionEndedEvent ended) => hub.Clients.Client(connectionId).SessionEnded(ended);

    public void Abort() => abort();
}
