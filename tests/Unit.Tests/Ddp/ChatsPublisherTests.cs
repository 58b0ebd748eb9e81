using System.Text.Json;
using Parley.Frontend.Ddp;

namespace Parley.Unit.Tests.Ddp;

public sealed class ChatsPublisherTests
{
    private const int Cap = 5;
    private static readonly RoomId Room = RoomId.Create("room");
    private readonly ChatsPublisher _publisher = new(maxDocumentsPerSubscription: Cap);

    [Fact]
    public void LiveMessagesThatArriveWhileStartingFollowTheReplayThenReady()
    {
        Assert.Empty(_publisher.Apply(new ChatsStarting("s", Room)));
        Assert.Empty(_publisher.Live(Room, [Message(3), Message(4)]));

        var frames = _publisher.Apply(new ChatsReplayed("s", [Message(1), Message(2), Message(3)]));

        Assert.Equal(["added 1", "added 2", "added 3", "added 4", "ready s"], Describe(frames));
        Assert.Equal(["added 5"], Describe(_publisher.Live(Room, [Message(5)])));
        Assert.Empty(_publisher.Live(RoomId.Create("other"), [Message(6)]));
    }

    [Fact]
    public void TwoSubscriptionsOfOneRoomShareDocumentsAndUnsubRemovesOnlyWhatIsLeftOver()
    {
        _publisher.Apply(new ChatsStarting("a", Room));
        _publisher.Apply(new ChatsReplayed("a", [Message(1), Message(2)]));
        _publisher.Apply(new ChatsStarting("b", Room));

        Assert.Equal(["ready b"], Describe(_publisher.Apply(new ChatsReplayed("b", [Message(2)]))));
        Assert.Equal(["added 3"], Describe(_publisher.Live(Room, [Message(3)])));
        Assert.Equal(["removed 1", "nosub a"], Describe(_publisher.Apply(new ChatsStopped("a"))));
    }

    [Fact]
    public void AParkedSubscriptionIsReadyAndEmptyAndARerunKeepsWhatIsPublishedAgain()
    {
        Assert.Equal(["ready s"], Describe(_publisher.Apply(new ChatsParked("s"))));
        _publisher.Apply(new ChatsStarting("s", Room));
        _publisher.Apply(new ChatsReplayed("s", [Message(1), Message(2)]));

        Assert.Empty(_publisher.Apply(new ChatsRerunStarted()));
        _publisher.Apply(new ChatsStarting("s", Room));
        Assert.Empty(_publisher.Apply(new ChatsReplayed("s", [Message(2)])));

        Assert.Equal(["removed 1"], Describe(_publisher.Apply(new ChatsRerunFinished())));
    }

    [Fact]
    public void ALongLivedSubscriptionKeepsOnlyItsNewestDocuments()
    {
        _publisher.Apply(new ChatsStarting("s", Room));
        _publisher.Apply(new ChatsReplayed("s", [.. Enumerable.Range(1, Cap).Select(seq => Message(seq))]));

        Assert.Equal(["added 6", "removed 1", "added 7", "removed 2"], Describe(_publisher.Live(Room, [Message(6), Message(7)])));
    }

    [Fact]
    public void AFailedSubscriptionRemovesWhatItPublishedAndAnswersNosubWithTheError()
    {
        _publisher.Apply(new ChatsStarting("s", Room));
        _publisher.Apply(new ChatsReplayed("s", [Message(1)]));

        var frames = _publisher.Apply(new ChatsFailed("s", DdpError.Of(ParleyErrorCode.Forbidden, "room is private")));

        Assert.Equal(["removed 1", "nosub s forbidden"], Describe(frames));
        Assert.Empty(_publisher.Live(Room, [Message(2)]));
    }

    private static ChatMessage Message(long seq) => new(Room.Value, seq, $"{seq}", "a", "alice", $"text {seq}", DateTimeOffset.UnixEpoch, null);

    /// <summary>Each frame as "msg id", with the subscription's error code for a nosub.</summary>
    private static List<string> Describe(List<string> frames) => [.. frames.Select(frame =>
    {
        var root = JsonDocument.Parse(frame).RootElement;
        var msg = root.GetProperty("msg").GetString();
        return msg switch
        {
            "ready" => $"ready {root.GetProperty("subs")[0].GetString()}",
            "nosub" when root.TryGetProperty("error", out var error) => $"nosub {root.GetProperty("id").GetString()} {error.GetProperty("error").GetString()}",
            "nosub" => $"nosub {root.GetProperty("id").GetString()}",
            _ => $"{msg} {root.GetProperty("id").GetString()}",
        };
    })];
}
