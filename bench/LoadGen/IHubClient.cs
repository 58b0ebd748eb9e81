namespace Parley.LoadGen;

/// <summary>Which SignalR client the traffic and idle scenarios use.</summary>
public enum ClientKind
{
    /// <summary><see cref="MinimalHubClient"/>: a raw WebSocket, parsing only what measurements need.</summary>
    Minimal,

    /// <summary>The official .NET client (Microsoft.AspNetCore.SignalR.Client), JSON only: shows what a full client costs.</summary>
    Official,
}

/// <summary>One hub connection as the traffic and idle scenarios use it, whichever client makes it.</summary>
internal interface IHubClient : IAsyncDisposable
{
    bool IsOpen { get; }

    /// <summary>Called for every <c>Message</c> with its seq and the send timestamp its text starts with (0 if none).</summary>
    void OnMessage(Action<long, long> handler);

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Invokes a hub method and waits for its completion; a hub error throws.</summary>
    Task InvokeAsync(string target, params object?[] arguments);
}
