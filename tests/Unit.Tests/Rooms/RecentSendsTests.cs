using Parley.Grains.Rooms;

namespace Parley.Unit.Tests.Rooms;

public sealed class RecentSendsTests
{
    [Fact]
    public void ARetryIsFoundBySenderAndClientMessageIdOnly()
    {
        var sends = new RecentSends();
        sends.Remember(Message(1, "alice", "c1"));
        sends.Remember(Message(2, "bob", "c1"));
        sends.Remember(Message(3, "alice", null));

        Assert.True(sends.TryFind("alice", "c1", out var seq));
        Assert.Equal(1, seq);
        Assert.True(sends.TryFind("bob", "c1", out seq));
        Assert.Equal(2, seq);
        Assert.False(sends.TryFind("alice", "c2", out _));
        Assert.Equal(2, sends.Count);
    }

    [Fact]
    public void OnlyTheNewestKeysAreRemembered()
    {
        var sends = new RecentSends();
        for (var seq = 1; seq <= RecentSends.Capacity + 5; seq++)
        {
            sends.Remember(Message(seq, "alice", $"c{seq}"));
        }

        Assert.Equal(RecentSends.Capacity, sends.Count);
        Assert.False(sends.TryFind("alice", "c5", out _));
        Assert.True(sends.TryFind("alice", "c6", out _));
    }

    private static ChatMessage Message(long seq, string senderId, string? clientMessageId) =>
        new("room", seq, $"m{seq}", senderId, senderId, "text", DateTimeOffset.UnixEpoch, clientMessageId);
}
