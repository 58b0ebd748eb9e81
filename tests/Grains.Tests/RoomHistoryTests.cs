using Parley.Grains.Rooms;

namespace Parley.Grains.Tests;

[Collection(nameof(ClusterCollection))]
public sealed class RoomHistoryTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task JoinWithSinceSeqReturnsExactlyTheGap()
    {
        var (user, room) = await RoomWithMessagesAsync(30);

        var replay = await room.JoinAsync(user, 10, 500, null);

        Assert.Equal(Enumerable.Range(11, 20).Select(i => (long)i), replay.Messages.Select(m => m.Seq));
        Assert.Equal(30, replay.LatestSeq);
        Assert.False(replay.Truncated);
    }

    [Fact]
    public async Task JoinWithoutSinceSeqReturnsTheNewestAndSaysOlderExist()
    {
        var (user, room) = await RoomWithMessagesAsync(60);

        var replay = await room.JoinAsync(user, null, 50, null);

        Assert.Equal(Enumerable.Range(11, 50).Select(i => (long)i), replay.Messages.Select(m => m.Seq));
        Assert.True(replay.Truncated);
    }

    [Fact]
    public async Task AGapLargerThanTheLimitIsTruncatedToTheNewest()
    {
        var (user, room) = await RoomWithMessagesAsync(620);

        var replay = await room.JoinAsync(user, 5, 500, null);

        Assert.Equal(Enumerable.Range(121, 500).Select(i => (long)i), replay.Messages.Select(m => m.Seq));
        Assert.True(replay.Truncated);
    }

    [Fact]
    public async Task JoinStopsAtUpToSeqSoTheRestCanArriveLive()
    {
        var (user, room) = await RoomWithMessagesAsync(10);

        var replay = await room.JoinAsync(user, 2, 500, 7);

        Assert.Equal([3, 4, 5, 6, 7], replay.Messages.Select(m => m.Seq));
        Assert.Equal(7, replay.LatestSeq);
    }

    [Fact]
    public async Task TenThousandMessagesKeepHistoryPagingCorrectAndRoomStateSmall()
    {
        const int total = 10_000;
        var (user, room) = await RoomWithMessagesAsync(total);
        var roomId = room.GetPrimaryKeyString();

        // Paging out runs behind the sends; it must bring the unpaged messages back under the threshold.
        var stored = await fixture.ReadStoredStateAsync<RoomState>("room", "room", roomId);
        for (var wait = 0; total - stored.PagedThroughSeq >= RoomHistory.TailFlushThreshold && wait < 100; wait++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            stored = await fixture.ReadStoredStateAsync<RoomState>("room", "room", roomId);
        }

        Assert.InRange(total - stored.PagedThroughSeq, RoomHistory.MinTail, RoomHistory.TailFlushThreshold - 1);
        Assert.Equal(
            Enumerable.Range((int)stored.PagedThroughSeq + 1, total - (int)stored.PagedThroughSeq).Select(i => (long)i),
            (await StoredSegmentsAsync(roomId, stored.FirstSegment)).Where(m => m.Seq > stored.PagedThroughSeq).Select(m => m.Seq));

        await fixture.DeactivateAllAsync();
        var seen = new List<ChatMessage>();
        long? before = null;
        while (true)
        {
            var page = await room.GetHistoryAsync(user.UserId, before, 200);
            if (page.IsEmpty)
            {
                break;
            }

            seen.InsertRange(0, page);
            before = page[0].Seq;
        }

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, total).Select(i => $"m{i}").Order(), seen.Select(m => m.Text).Order());
    }

    [Fact]
    public async Task HistoryLimitIsCappedAndBeforeSeqIsExclusive()
    {
        var (user, room) = await RoomWithMessagesAsync(450);

        var newest = await room.GetHistoryAsync(user.UserId, null, 1000);
        var older = await room.GetHistoryAsync(user.UserId, 101, 3);

        Assert.Equal(Enumerable.Range(251, 200).Select(i => (long)i), newest.Select(m => m.Seq));
        Assert.Equal([98, 99, 100], older.Select(m => m.Seq));
        await Assert.ThrowsAsync<ParleyException>(() => room.GetHistoryAsync(user.UserId, null, 0).AsTask());
    }

    /// <summary>The messages of a room's stored segments, from <paramref name="first"/> to the last one.</summary>
    private async Task<List<ChatMessage>> StoredSegmentsAsync(string roomId, long first)
    {
        var messages = new List<ChatMessage>();
        for (var index = first; ; index++)
        {
            var segment = await fixture.ReadStoredStateAsync<RoomSegmentState>("segment", "room-segment", $"{roomId}/{index}");
            if (segment.Messages.IsEmpty)
            {
                return messages;
            }

            messages.AddRange(segment.Messages);
        }
    }

    private async Task<(UserProfile User, IRoomGrain Room)> RoomWithMessagesAsync(int count)
    {
        var user = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(user);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        const int inFlight = 64;
        for (var start = 1; start <= count; start += inFlight)
        {
            var batch = Enumerable.Range(start, Math.Min(inFlight, count - start + 1))
                .Select(i => room.SendAsync(new SendMessage(user, $"m{i}", $"c{i}")).AsTask());
            await Task.WhenAll(batch);
        }

        return (user, room);
    }
}
