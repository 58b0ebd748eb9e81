using Microsoft.Extensions.DependencyInjection;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Frontend.Hubs;
using Parley.Frontend.Rooms;

namespace Parley.Testing;

/// <summary>
/// A SignalR client as an application would write one with the official .NET client: it records
/// every event, remembers the last seq seen per room, and after a reconnect resubscribes with it.
/// </summary>
public sealed class ChatTestClient : IAsyncDisposable
{
    private readonly Dictionary<string, long> _lastSeq = [];
    private readonly Lock _lock = new();

    private ChatTestClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<ChatMessage>(nameof(IChatClient.Message), message =>
        {
            lock (_lock)
            {
                _lastSeq[message.RoomId] = Math.Max(_lastSeq.GetValueOrDefault(message.RoomId), message.Seq);
            }

            Messages.Writer.TryWrite(message);
        });
        connection.On<PresenceEvent>(nameof(IChatClient.Presence), presence => Presence.Writer.TryWrite(presence));
        connection.On<TypingEvent>(nameof(IChatClient.Typing), typing => Typing.Writer.TryWrite(typing));
        connection.On<SessionEndedEvent>(nameof(IChatClient.SessionEnded), ended => SessionEnded.Writer.TryWrite(ended));
        connection.On<RoomEventInfo>(nameof(IChatClient.RoomEvent), roomEvent => Events.Writer.TryWrite(roomEvent));
        connection.On<ReadStateEvent>(nameof(IChatClient.ReadState), readState => ReadStates.Writer.TryWrite(readState));
        connection.On<SubscriptionEndedEvent>(nameof(IChatClient.SubscriptionEnded), ended => SubscriptionsEnded.Writer.TryWrite(ended));
        connection.Closed += exception =>
        {
            Closed.TrySetResult(exception);
            return Task.CompletedTask;
        };
        connection.Reconnected += async _ =>
        {
            KeyValuePair<string, long>[] rooms;
            lock (_lock)
            {
                rooms = [.. _lastSeq];
            }

            foreach (var (roomId, seq) in rooms)
            {
                await SubscribeAsync(roomId, seq);
            }
        };
    }

    public HubConnection Connection { get; }

    public Channel<ChatMessage> Messages { get; } = Channel.CreateUnbounded<ChatMessage>();

    public Channel<PresenceEvent> Presence { get; } = Channel.CreateUnbounded<PresenceEvent>();

    public Channel<TypingEvent> Typing { get; } = Channel.CreateUnbounded<TypingEvent>();

    public Channel<SessionEndedEvent> SessionEnded { get; } = Channel.CreateUnbounded<SessionEndedEvent>();

    public Channel<RoomEventInfo> Events { get; } = Channel.CreateUnbounded<RoomEventInfo>();

    public Channel<ReadStateEvent> ReadStates { get; } = Channel.CreateUnbounded<ReadStateEvent>();

    public Channel<SubscriptionEndedEvent> SubscriptionsEnded { get; } = Channel.CreateUnbounded<SubscriptionEndedEvent>();

    public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ChatTestClient> ConnectAsync(Uri baseUrl, string token, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/chat"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(options => WireJson.Configure(options.PayloadSerializerOptions));
        if (reconnect)
        {
            builder.WithAutomaticReconnect();
        }

        var client = new ChatTestClient(builder.Build());
        await client.Connection.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }

    public async Task<SubscribeResult> SubscribeAsync(string roomId, long? sinceSeq = null)
    {
        var result = await Connection.InvokeAsync<SubscribeResult>("Subscribe", roomId, sinceSeq);
        lock (_lock)
        {
            var last = result.Messages.Count > 0 ? result.Messages[^1].Seq : result.LatestSeq;
            _lastSeq[roomId] = Math.Max(_lastSeq.GetValueOrDefault(roomId), Math.Max(last, sinceSeq ?? 0));
        }

        return result;
    }

    public Task<ChatMessage> SendAsync(string roomId, string text, string? clientMessageId = null) =>
        Connection.InvokeAsync<ChatMessage>("SendMessage", roomId, text, clientMessageId);

    public long LastSeq(string roomId)
    {
        lock (_lock)
        {
            return _lastSeq.GetValueOrDefault(roomId);
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
