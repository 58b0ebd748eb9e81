using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.LoadGen;

/// <summary>The official SignalR .NET client behind <see cref="IHubClient"/>: messages become objects, as in an application.</summary>
internal sealed class OfficialHubClient(HubConnection connection) : IHubClient
{
    public bool IsOpen => connection.State == HubConnectionState.Connected;

    public void OnMessage(Action<long, long> handler) =>
        connection.On<WireMessage>("Message", message => handler(message.Seq, Subscriber.SentAt(message.Text) ?? 0));

    public Task StartAsync(CancellationToken cancellationToken) => connection.StartAsync(cancellationToken);

    public Task InvokeAsync(string target, params object?[] arguments) => connection.InvokeCoreAsync(target, arguments);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
