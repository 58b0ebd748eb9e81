using System.Collections.Concurrent;

namespace Parley.Cluster.Tests;

[Collection(nameof(PostgresCollection))]
public sealed class ConcurrentWriterTests(PostgresFixture postgres)
{
    /// <summary>
    /// Two clusters on one database (same service, different cluster ids) each activate the same
    /// room, as two silos would during a split brain. Only ETags stand between them and lost or
    /// duplicated seqs: a stale writer must fail, reload and retry, never overwrite.
    /// </summary>
    [Fact]
    public async Task TwoActivationsRacingOnOneRoomNeverDuplicateOrLoseASeq()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var east = await ParleyServer.StartCombinedAsync(Settings(database, "east"));
        await using var west = await ParleyServer.StartCombinedAsync(Settings(database, "west"));
        var alice = await east.Http.RegisterWhenReadyAsync();
        var roomId = await east.Http.CreateRoomAsync(alice.Token);

        // Both activations load the room; then west writes, which leaves east's copy stale.
        var first = await east.Http.TryPostAsync(alice.Token, roomId, "east first", "e-0");
        var second = await west.Http.TryPostAsync(alice.Token, roomId, "west second", "w-0");
        // East's write must meet the newer ETag, fail, reload and retry: it may not overwrite seq 2.
        var third = await east.Http.TryPostAsync(alice.Token, roomId, "east third", "e-1");
        Assert.Equal((1L, 2L, 3L), (first?.Seq, second?.Seq, third?.Seq));

        var acknowledged = new ConcurrentBag<ChatMessage>([first!, second!, third!]);
        var writers = new[] { east, west }.SelectMany((frontend, side) => Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var id = $"{side}-{writer}-{i}";
                var message = await frontend.Http.TryPostAsync(alice.Token, roomId, id, id);
                while (message is null)
                {
                    message = await frontend.Http.TryPostAsync(alice.Token, roomId, id, id);
                }

                acknowledged.Add(message);
            }
        }, TestContext.Current.CancellationToken)));
        await Task.WhenAll(writers);

        await using var reader = await ParleyServer.StartCombinedAsync(Settings(database, "reader"));
        var history = await reader.Http.ReadAllAsync(alice.Token, roomId);
        ClusterRest.AssertNothingLost(acknowledged, history);
        Assert.Equal(123, history.Count);
    }

    private static Dictionary<string, string> Settings(string database, string clusterId) => new()
    {
        ["ConnectionStrings:Parley"] = database,
        ["Orleans:ClusterId"] = clusterId,
    };
}
