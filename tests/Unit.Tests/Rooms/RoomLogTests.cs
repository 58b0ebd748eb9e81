using Parley.Grains.Rooms;

namespace Parley.Unit.Tests.Rooms;

public sealed class RoomLogTests
{
    private const string RoomId = "room";
    private readonly MemoryGrainStorage _segments = new();
    private readonly MemoryRoomPages _pages = new();
    private long _pagedThroughSeq;
    private long _firstSegment;

    [Fact]
    public async Task AppendedMessagesAreReadableOnceWrittenAndSurviveAReload()
    {
        var log = NewLog();
        Append(log, 1, 5);
        Assert.Equal((5L, 0L), (log.LatestSeq, log.StoredSeq));
        Assert.Empty(await log.ReadAsync(1, 5));

        await log.WriteAsync();

        Assert.Equal([1, 2, 3, 4, 5], Seqs(await log.ReadAsync(1, 5)));
        var reloaded = NewLog();
        Assert.Equal([1, 2, 3, 4, 5], Seqs(await reloaded.LoadAsync(0, 0)));
        Assert.Equal(5, reloaded.StoredSeq);
    }

    [Fact]
    public void AMessageMustFollowTheLatestSeq()
    {
        var log = NewLog();

        Assert.Throws<InvalidOperationException>(() => log.Append(Message(2)));
    }

    [Fact]
    public async Task PagingOutMovesFullPagesAndKeepsTheNewestInTheTail()
    {
        var log = NewLog();
        for (var seq = 1; seq <= 250; seq += 10)
        {
            Append(log, seq, 10);
            await log.WriteAsync();
        }

        Assert.True(log.IsPageOutDue(250));
        Assert.False(log.IsPageOutDue(RoomHistory.TailFlushThreshold - 1));
        await log.PageOutAsync(() => 250, () => RecordAsync(log));

        Assert.Equal(200, log.PagedThroughSeq);
        Assert.Equal([0L, 1L], _pages.Pages.Keys.Order());
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), Seqs(await log.ReadAsync(1, 250)));
        Assert.Equal([201, 202], Seqs(log.Unpaged(201, 202)));
        Assert.Throws<InvalidOperationException>(() => log.Unpaged(200, 201));

        var reloaded = NewLog();
        Assert.Equal(Enumerable.Range(201, 50).Select(i => (long)i), Seqs(await reloaded.LoadAsync(_firstSegment, _pagedThroughSeq)));
        Assert.Equal(Enumerable.Range(95, 20).Select(i => (long)i), Seqs(await reloaded.ReadAsync(95, 114)));
    }

    [Fact]
    public async Task PagingOutNeverMovesMessagesPastWhatItIsAllowedTo()
    {
        var log = NewLog();
        Append(log, 1, 300);
        await log.WriteAsync();

        await log.PageOutAsync(() => 130, () => RecordAsync(log));

        Assert.Equal(100, log.PagedThroughSeq);
        Assert.Equal([101], Seqs(log.Unpaged(101, 101)));
    }

    [Fact]
    public async Task ASecondWriterWithAStaleViewFails()
    {
        var first = NewLog();
        var second = NewLog();
        await second.LoadAsync(0, 0);
        Append(first, 1, 1);
        await first.WriteAsync();

        Append(second, 1, 1);

        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(second.WriteAsync);
    }

    [Fact]
    public async Task AnEditedTailMessageIsRewrittenInItsSegmentWithTheNextWrite()
    {
        var log = NewLog();
        Append(log, 1, 20);
        await log.WriteAsync();

        await log.ReplaceAsync(Message(3) with { Text = "edited" });
        Append(log, 21, 1);
        await log.WriteAsync();

        Assert.Equal("edited", (await log.ReadAsync(3, 3))[0].Text);
        var reloaded = NewLog();
        var tail = await reloaded.LoadAsync(0, 0);
        Assert.Equal(["text 2", "edited", "text 4"], tail.Skip(1).Take(3).Select(message => message.Text));
        Assert.Equal(21, tail.Count);
    }

    [Fact]
    public async Task AnEditedMessageOfAPageIsReplacedInThePageAndAnUnwrittenTailEditIsCarriedIntoItsPage()
    {
        var log = NewLog();
        Append(log, 1, 250);
        await log.WriteAsync();
        await log.ReplaceAsync(Message(150) with { Text = "edited before paging" });
        await log.PageOutAsync(() => 250, () => RecordAsync(log));
        Assert.Equal("edited before paging", _pages.Pages[1][49].Text);

        await log.ReplaceAsync(Message(5) with { Text = "", Deleted = true });
        await log.ReplaceAsync(Message(210) with { Text = "edited tail" });
        await log.WriteAsync();

        Assert.True(_pages.Pages[0][4].Deleted);
        var reloaded = NewLog();
        await reloaded.LoadAsync(_firstSegment, _pagedThroughSeq);
        Assert.Equal("edited tail", (await reloaded.ReadAsync(210, 210))[0].Text);
        Assert.True((await reloaded.ReadAsync(5, 5))[0].Deleted);
    }

    private RoomLog NewLog() => new(new RoomSegments(_segments, RoomId), _pages);

    /// <summary>What the room grain does after each pass: keeps the new boundaries in its row.</summary>
    private Task RecordAsync(RoomLog log)
    {
        (_pagedThroughSeq, _firstSegment) = (log.PagedThroughSeq, log.FirstSegment);
        return Task.CompletedTask;
    }

    private static void Append(RoomLog log, long firstSeq, int count)
    {
        for (var i = 0; i < count; i++)
        {
            log.Append(Message(firstSeq + i));
        }
    }

    private static ChatMessage Message(long seq) => new(RoomId, seq, $"m{seq}", "a", "alice", $"text {seq}", DateTimeOffset.UnixEpoch, null);

    private static IEnumerable<long> Seqs(IEnumerable<ChatMessage> messages) => messages.Select(message => message.Seq);
}
