using Microsoft.Extensions.Time.Testing;
using Parley.Frontend.Realtime;

namespace Parley.Unit.Tests.Realtime;

public sealed class RoomFeedTests : IAsyncLifetime
{
    private static readonly RoomId Room = RoomId.Create("room");
    private static readonly UserProfile Alice = new("a", "alice");
    private static readonly UserProfile Bob = new("b", "bob");
    private readonly RoomFeed _feed = new(Room);
    private readonly FakeTimeProvider _time = new();

    public async ValueTask InitializeAsync() => await _feed.EnterAsync();

    public ValueTask DisposeAsync()
    {
        _feed.Exit();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void MessagesGoToEverySubscriberOnceInSeqOrderWhateverOrderTheyArriveIn()
    {
        _feed.Attach(latestSeq: 10);
        var (first, firstWritten) = Connection("c1");
        var (second, secondWritten) = Connection("c2");
        _feed.Subscribe(first, Alice);
        _feed.Subscribe(second, Bob);

        _feed.Accept([Message(13), Message(12)]);
        Assert.Empty(firstWritten.Written);
        Assert.Equal(11, _feed.GapEnd);
        _feed.Accept([Message(11), Message(12)]);
        _feed.Accept([Message(9), Message(13), Message(14)]);

        foreach (var transport in new[] { firstWritten, secondWritten })
        {
            Assert.Equal([11, 12, 13, 14], Seqs(transport));
        }

        Assert.Equal(14, _feed.DeliveredSeq);
        Assert.Null(_feed.GapEnd);
    }

    [Fact]
    public void PushesBeforeTheFeedIsAttachedAreIgnored()
    {
        var (connection, transport) = Connection("c1");
        _feed.Subscribe(connection, Alice);

        _feed.Accept([Message(1)]);

        Assert.Empty(transport.Written);
        Assert.Equal(0, _feed.DeliveredSeq);
    }

    [Fact]
    public void AUserIsOnlineHereWhileAnyOfTheirConnectionsSubscribes()
    {
        var (phone, _) = Connection("phone");
        var (laptop, _) = Connection("laptop");

        Assert.True(_feed.Subscribe(phone, Alice));
        Assert.False(_feed.Subscribe(laptop, Alice));
        Assert.False(_feed.Subscribe(laptop, Alice));
        Assert.Equal([Alice], _feed.OnlineUsers);
        Assert.Null(_feed.Unsubscribe(phone));
        Assert.Equal(Alice, _feed.Unsubscribe(laptop));
        Assert.Null(_feed.Unsubscribe(laptop));

        Assert.Equal([Alice], _feed.OnlineUsers);
        Assert.True(_feed.FinishLeaving(Alice.UserId));
        Assert.Empty(_feed.OnlineUsers);
        Assert.False(_feed.HasSubscribers);
        Assert.Empty(_feed.Subscribers);
    }

    [Fact]
    public void AUserWhoComesBackBeforeTheLeaveIsFinishedNeverWentOffline()
    {
        var (first, _) = Connection("first");
        var (second, _) = Connection("second");
        _feed.Subscribe(first, Alice);
        Assert.Equal(Alice, _feed.Unsubscribe(first));

        Assert.False(_feed.Subscribe(second, Alice));
        Assert.False(_feed.FinishLeaving(Alice.UserId));
        Assert.Equal([Alice], _feed.OnlineUsers);
    }

    [Fact]
    public async Task WaitersAreReleasedWhenTheirSeqIsHandedOutOrTheFeedRetires()
    {
        _feed.Attach(latestSeq: 0);
        var first = _feed.WhenDeliveredAsync(1);
        var third = _feed.WhenDeliveredAsync(3);

        _feed.Accept([Message(1)]);
        await first;
        Assert.False(third.IsCompleted);
        _feed.Retire();
        await third;

        Assert.True(_feed.IsRetired);
    }

    [Fact]
    public void AConnectionThatCannotKeepUpIsDroppedWithoutHoldingUpTheOthers()
    {
        _feed.Attach(latestSeq: 0);
        var (slow, slowTransport) = Connection("slow", capacity: 16);
        var (fast, fastTransport) = Connection("fast");
        _feed.Subscribe(slow, Alice);
        _feed.Subscribe(fast, Bob);
        slowTransport.Stall();

        for (var seq = 1; seq <= 30; seq++)
        {
            _feed.Accept([Message(seq)]);
        }

        Assert.Equal(CloseReason.TooSlow, slowTransport.AbortedWith);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), Seqs(fastTransport));
    }

    private (ClientConnection Connection, RecordingTransport Transport) Connection(string id, int capacity = 1000)
    {
        var transport = new RecordingTransport();
        return (new ClientConnection(id, transport, new RealtimeOptions { MaxQueuedPushes = capacity }, _time), transport);
    }

    private static ChatMessage Message(long seq) => new(Room.Value, seq, $"m{seq}", "a", "alice", $"text {seq}", DateTimeOffset.UnixEpoch, null);

    private static IEnumerable<long> Seqs(RecordingTransport transport) =>
        transport.Written.OfType<MessagesPush>().SelectMany(push => push.Messages).Select(message => message.Seq);
}
