using Parley.Grains.Storage;

namespace Parley.Unit.Tests.Rooms;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task RequestsQueuedOnTheGrainShareAWriteThatCompletesSynchronously()
    {
        // One request at a time, like a grain's scheduler; the write finishes without yielding,
        // like Microsoft.Data.Sqlite's "async" methods.
        var grainScheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var pending = 0;
        var batches = new List<int>();
        var commit = new GroupCommit(() =>
        {
            batches.Add(pending);
            pending = 0;
            return Task.CompletedTask;
        });

        var requests = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                pending++;
                return commit.CommitAsync();
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.None,
            grainScheduler).Unwrap());
        await Task.WhenAll(requests);

        Assert.Equal(8, batches.Sum());
        Assert.True(batches.Count <= 2, $"writes of {string.Join(", ", batches)} messages");
    }
}
