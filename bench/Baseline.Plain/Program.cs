using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;

// The hub a .NET team writes in an afternoon: groups in memory, a counter per room, nothing stored.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// SignalR runs one hub call per connection at a time unless told otherwise; run.sh gives every
// system the same value, so that a client's concurrent sends are treated alike everywhere.
builder.Services.AddSignalR(options => options.MaximumParallelInvocationsPerClient = builder.Configuration.GetValue("SignalR:MaximumParallelInvocationsPerClient", 1))
    .AddMessagePackProtocol(); // SignalR's defaults: members named as declared

builder.Services.AddSingleton<RoomCounters>();
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapHub<ChatHub>("/hubs/chat");
app.Run();

/// <summary>Same wire shapes as Parley's API v1 for what the load generator uses.</summary>
public sealed record ChatMessage(string RoomId, long Seq, string MessageId, string SenderId, string SenderName, string Text, DateTimeOffset SentAt, string? ClientMessageId);

public sealed record RoomInfo(string RoomId, string Name, bool IsPrivate, long LatestSeq);

public sealed record SubscribeResult(RoomInfo Room, ChatMessage[] Messages, long LatestSeq, bool Truncated);

/// <summary>Per-room sequence numbers, as the simplest gap-free counter.</summary>
public sealed class RoomCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counters = new();

    public long Next(string roomId) => Interlocked.Increment(ref _counters.GetOrAdd(roomId, _ => new StrongBox<long>()).Value);

    public long Latest(string roomId) => _counters.TryGetValue(roomId, out var box) ? Volatile.Read(ref box.Value) : 0;
}

/// <summary>Any token is accepted and names the user (authentication is not what is measured).</summary>
public sealed class ChatHub(RoomCounters counters) : Hub
{
    private string User => Context.GetHttpContext()?.Request.Query["access_token"].ToString() is { Length: > 0 } token ? token : Context.ConnectionId;

    public async Task<SubscribeResult> Subscribe(string roomId, long? sinceSeq)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, roomId);
        var latest = counters.Latest(roomId);
        return new SubscribeResult(new RoomInfo(roomId, roomId, false, latest), [], latest, false);
    }

    public Task Unsubscribe(string roomId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, roomId);

    public async Task<ChatMessage> SendMessage(string roomId, string text, string? clientMessageId)
    {
        var user = User;
        var message = new ChatMessage(roomId, counters.Next(roomId), Guid.NewGuid().ToString("N"), user, user, text, DateTimeOffset.UtcNow, clientMessageId);
        await Clients.Group(roomId).SendAsync("Message", message);
        return message;
    }

    public ChatMessage[] GetHistory(string roomId, long? beforeSeq, int limit) => [];
}
