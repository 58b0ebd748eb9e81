using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Bench;

/// <summary>
/// Acknowledged sends per second with every message durably in PostgreSQL before its send
/// returns: one busy room (group commit at work) and 100 rooms side by side. Grain calls from
/// the co-hosted front-end, so the figure is the room and storage path alone.
/// </summary>
internal static class DurableWriteBenchmark
{
    private const int SendersPerRoom = 32;

    public static async Task<int> RunAsync(int seconds, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        var database = await postgres.CreateDatabaseAsync("durable_write", cancellationToken);
        await using var silo = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["ConnectionStrings:Parley"] = database });
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var sender = await silo.Http.RegisterAndLoginAsync();
        var user = new UserProfile(sender.UserId, sender.Username);

        Console.WriteLine("| rooms | concurrent senders | acknowledged sends/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (rooms, sendersPerRoom) in new[] { (1, SendersPerRoom), (100, 4) })
        {
            var roomIds = new List<RoomId>();
            for (var i = 0; i < rooms; i++)
            {
                roomIds.Add(RoomId.Create(await silo.Http.CreateRoomAsync(sender.Token)));
            }

            await MeasureAsync(grains, user, roomIds, sendersPerRoom, TimeSpan.FromSeconds(2), cancellationToken);
            var (count, latencies) = await MeasureAsync(grains, user, roomIds, sendersPerRoom, TimeSpan.FromSeconds(seconds), cancellationToken);
            latencies.Sort();
            Console.WriteLine($"| {rooms} | {rooms * sendersPerRoom} | {count / (double)seconds:F0} | {Percentile(latencies, 0.50):F1} | {Percentile(latencies, 0.99):F1} |");
        }

        return 0;
    }

    private static async Task<(int Count, List<double> LatenciesMs)> MeasureAsync(
        IGrainFactory grains, UserProfile user, List<RoomId> rooms, int sendersPerRoom, TimeSpan duration, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var workers = rooms.SelectMany(room => Enumerable.Range(0, sendersPerRoom).Select(async _ =>
        {
            var latencies = new List<double>();
            var grain = grains.GetRoom(room);
            while (deadline.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await grain.SendAsync(new SendMessage(user, "durable hello", Guid.NewGuid().ToString("N")));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        }));
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToList();
        return (all.Count, all);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
