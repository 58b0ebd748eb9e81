using System.Collections.Immutable;
using System.Threading.Channels;

namespace Parley.Grains.Tests;

/// <summary>A front-end observer that records what grains push to it.</summary>
internal sealed class RecordingFrontend : IFrontendObserver
{
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public Channel<ChatMessage> Messages { get; } = Channel.CreateUnbounded<ChatMessage>();

    public Channel<PresenceChanged> Presence { get; } = Channel.CreateUnbounded<PresenceChanged>();

    public Channel<TypingNotice> Typing { get; } = Channel.CreateUnbounded<TypingNotice>();

    public Channel<(string UserId, string RoomId, long LastReadSeq)> ReadStates { get; } =
        Channel.CreateUnbounded<(string, string, long)>();

    public Channel<(ImmutableArray<string> Keys, SessionEndReason Reason)> SessionsEnded { get; } =
        Channel.CreateUnbounded<(ImmutableArray<string>, SessionEndReason)>();

    public FrontendLink Link(IGrainFactory grains) => new(Id, grains.CreateObjectReference<IFrontendObserver>(this));

    public Task OnMessagesAsync(string roomId, ImmutableArray<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            Messages.Writer.TryWrite(message);
        }

        return Task.CompletedTask;
    }

    public Task OnPresenceAsync(PresenceChanged change) => Write(Presence, change);

    public Task OnTypingAsync(TypingNotice notice) => Write(Typing, notice);

    public Task OnReadStateAsync(string userId, string roomId, long lastReadSeq) =>
        Write(ReadStates, (userId, roomId, lastReadSeq));

    public Task OnSessionsEndedAsync(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason) =>
        Write(SessionsEnded, (sessionKeys, reason));

    private static Task Write<T>(Channel<T> channel, T item)
    {
        channel.Writer.TryWrite(item);
        return Task.CompletedTask;
    }
}

internal static class ChannelExtensions
{
    /// <summary>The next item, or a failed test after five seconds.</summary>
    public static async Task<T> NextAsync<T>(this Channel<T> channel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
