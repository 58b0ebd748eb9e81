using Parley.Frontend.Ddp;

namespace Parley.Unit.Tests.Ddp;

public sealed class MergeBoxTests
{
    private readonly MergeBox _box = new();

    [Fact]
    public void ADocumentIsAddedOnceHoweverManySubscriptionsPublishIt()
    {
        Assert.True(_box.Publish("s1", "d"));
        Assert.False(_box.Publish("s2", "d"));
        Assert.False(_box.Publish("s1", "d"));

        Assert.Equal(1, _box.Count);
        Assert.True(_box.Publishes("s2", "d"));
    }

    [Fact]
    public void ADocumentIsRemovedWhenTheLastSubscriptionPublishingItStops()
    {
        _box.Publish("s1", "shared");
        _box.Publish("s2", "shared");
        _box.Publish("s1", "only-s1");

        Assert.Equal(["only-s1"], _box.Unpublish("s1"));
        Assert.Equal(["shared"], _box.Unpublish("s2"));
        Assert.Empty(_box.Unpublish("s2"));
        Assert.Equal(0, _box.Count);
    }

    [Fact]
    public void TrimmingKeepsTheNewestOfASubscriptionAndRemovesOnlyWhatNobodyElsePublishes()
    {
        foreach (var id in new[] { "1", "2", "3", "4" })
        {
            _box.Publish("s1", id);
        }

        _box.Publish("s2", "1");

        Assert.Empty(_box.Trim("s1", keep: 4));
        Assert.Equal(["2"], _box.Trim("s1", keep: 2));
        Assert.False(_box.Publishes("s1", "1"));
        Assert.True(_box.Publishes("s2", "1"));
        Assert.Equal(3, _box.Count);
    }

    [Fact]
    public void WhileHeldUnpublishedDocumentsStayAndOnlyThoseNotPublishedAgainGoWhenTheHoldEnds()
    {
        _box.Publish("s1", "kept");
        _box.Publish("s1", "dropped");
        _box.Hold();

        Assert.Empty(_box.Unpublish("s1"));
        Assert.False(_box.Publish("s1", "kept"));
        Assert.True(_box.Publish("s1", "new"));

        Assert.Equal(["dropped"], _box.EndHold());
        Assert.Equal(2, _box.Count);
    }
}
