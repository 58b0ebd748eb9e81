using Microsoft.Extensions.Time.Testing;
using Parley.Frontend.Realtime;

namespace Parley.Unit.Tests.Realtime;

public sealed class OutboundQueueTests
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private readonly RecordingTransport _transport = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void PushesToAnIdleQueueAreWrittenAtOnceInOrder()
    {
        var queue = Queue(capacity: 10);

        var pushes = Enumerable.Range(0, 5).Select(Typing).ToList();
        foreach (var push in pushes)
        {
            Assert.Equal(PushResult.Queued, queue.TryPush(push));
        }

        Assert.Equal(pushes, _transport.Written);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task AStalledClientQueuesItsPushesAndGetsThemInOrderWithOneWriterAtATime()
    {
        var queue = Queue(capacity: 100);
        _transport.Stall();

        var pushes = Enumerable.Range(0, 20).Select(Typing).ToList();
        foreach (var push in pushes)
        {
            Assert.Equal(PushResult.Queued, queue.TryPush(push));
        }

        Assert.Empty(_transport.Written);
        _transport.Release();
        await queue.WhenWrittenAsync();

        Assert.Equal(pushes, _transport.Written);
        Assert.False(_transport.SawConcurrentWrites);
    }

    [Fact]
    public void AQueueThatOverflowsAbortsTheConnectionAndRefusesEverythingAfter()
    {
        var queue = Queue(capacity: 3);
        _transport.Stall();
        queue.TryPush(Typing(0)); // being written, so no longer counted

        var results = Enumerable.Range(1, 4).Select(i => queue.TryPush(Typing(i))).ToList();

        Assert.Equal([PushResult.Queued, PushResult.Queued, PushResult.Queued, PushResult.Overflowed], results);
        Assert.Equal(CloseReason.TooSlow, _transport.AbortedWith);
        Assert.Equal(PushResult.Closed, queue.TryPush(Typing(5)));
        Assert.True(queue.Completion.IsCompleted);
    }

    [Fact]
    public void ABatchOfLiveMessagesCountsEachMessageAgainstTheBound()
    {
        var queue = Queue(capacity: 10);
        _transport.Stall();
        queue.TryPush(Typing(0));

        Assert.Equal(PushResult.Queued, queue.TryPush(Messages(1, 6)));
        Assert.Equal(PushResult.Queued, queue.TryPush(Messages(7, 4)));
        Assert.Equal(PushResult.Overflowed, queue.TryPush(Typing(1)));
    }

    [Fact]
    public void APushLargerThanTheBoundStillGoesIntoAnEmptyQueue()
    {
        var queue = Queue(capacity: 2);
        _transport.Stall();
        queue.TryPush(Typing(0));

        Assert.Equal(PushResult.Queued, queue.TryPush(Messages(1, 5)));
    }

    [Fact]
    public async Task WhenWrittenWaitsOnlyForWhatWasQueuedBefore()
    {
        var queue = Queue(capacity: 10);
        Assert.True(queue.WhenWrittenAsync().IsCompleted);
        _transport.Stall();
        queue.TryPush(Typing(0));
        queue.TryPush(Typing(1));

        var written = queue.WhenWrittenAsync();
        queue.TryPush(Typing(2));
        Assert.False(written.IsCompleted);
        _transport.Release();
        await written;

        Assert.Contains(_transport.Written, push => push == Typing(1));
    }

    [Fact]
    public async Task CloseWritesWhatIsQueuedThenClosesAndRefusesLaterPushes()
    {
        var queue = Queue(capacity: 10);
        _transport.Stall();
        queue.TryPush(Typing(0));
        queue.TryPush(Typing(1));

        queue.Close(CloseReason.ShuttingDown);
        Assert.Equal(PushResult.Closed, queue.TryPush(Typing(2)));
        _transport.Release();
        await queue.Completion;

        Assert.Equal([Typing(0), Typing(1)], _transport.Written);
        Assert.Equal(CloseReason.ShuttingDown, _transport.ClosedWith);
        Assert.Null(_transport.AbortedWith);
    }

    [Fact]
    public void ACloseThatTakesLongerThanItsTimeoutAborts()
    {
        var queue = Queue(capacity: 10);
        _transport.Stall();
        queue.TryPush(Typing(0));
        queue.Close(CloseReason.ShuttingDown);

        _time.Advance(CloseTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(queue.Completion.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(queue.Completion.IsCompleted);
        Assert.NotNull(_transport.AbortedWith);
    }

    [Fact]
    public void AbortReleasesWhoeverWaitsForTheQueueToBeWritten()
    {
        var queue = Queue(capacity: 10);
        _transport.Stall();
        queue.TryPush(Typing(0));
        queue.TryPush(Typing(1));
        var written = queue.WhenWrittenAsync();

        queue.Abort(CloseReason.Failed);

        Assert.True(written.IsCompleted);
        Assert.True(queue.WhenWrittenAsync().IsCompleted);
        Assert.False(queue.IsOpen);
    }

    [Fact]
    public void AFailingTransportEndsOnlyItsOwnConnection()
    {
        var queue = new OutboundQueue(new FailingTransport(), capacity: 10, CloseTimeout, _time);

        Assert.Equal(PushResult.Queued, queue.TryPush(Typing(0)));

        Assert.True(queue.Completion.IsCompleted);
        Assert.Equal(PushResult.Closed, queue.TryPush(Typing(1)));
    }

    private OutboundQueue Queue(int capacity) => new(_transport, capacity, CloseTimeout, _time);

    private static TypingPush Typing(int i) => new(new TypingNotice("room", new UserProfile($"u{i}", $"user{i}")));

    private static MessagesPush Messages(long firstSeq, int count) => new(
        RoomId.Create("room"),
        [.. Enumerable.Range(0, count).Select(i => new ChatMessage("room", firstSeq + i, $"m{firstSeq + i}", "u", "user", "text", DateTimeOffset.UnixEpoch, null))]);

    private sealed class FailingTransport : IConnectionTransport
    {
        public ValueTask WriteAsync(Push push) => throw new IOException("the socket died");

        public ValueTask CloseAsync(CloseReason reason) => ValueTask.CompletedTask;

        public void Abort(CloseReason reason)
        {
        }
    }
}
