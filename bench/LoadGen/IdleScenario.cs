using System.Diagnostics;

namespace Parley.LoadGen;

/// <summary>
/// As many idle, subscribed connections as asked for; reports the front-ends' resident memory
/// growth per connection (RSS after, settled, minus RSS before, over the connections made).
/// </summary>
internal static class IdleScenario
{
    public static async Task<object> RunAsync(Target target, int connections, int roomSize, int users, Measure measure, CancellationToken cancellationToken)
    {
        var rooms = Math.Max(1, (connections + roomSize - 1) / roomSize);
        users = Math.Clamp(users, 1, connections);
        var setup = Stopwatch.StartNew();
        var tokens = await target.TokensAsync(users, 16, cancellationToken);
        await target.CreateRoomsAsync(tokens[0], rooms, cancellationToken);
        Log.Write($"{measure.Label}: {users} users, {rooms} rooms in {setup.Elapsed.TotalSeconds:F1} s");

        await Task.Delay(TimeSpan.FromSeconds(measure.WarmupSeconds), cancellationToken);
        var before = ProcessProbe.Sample(measure.All);
        var connecting = Stopwatch.StartNew();
        var (made, failed, firstError) = await target.ConnectAsync(
            connections,
            i => tokens[i % users],
            (connection, _) => connection.OnMessage((_, _) => { }),
            (connection, i) => connection.InvokeAsync("Subscribe", target.RoomName(i % rooms), null),
            64,
            cancellationToken);
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        var established = connections - failed;
        Log.Write($"{measure.Label}: {established} connected ({failed} failed) in {connectSeconds:F1} s");

        await Task.Delay(TimeSpan.FromSeconds(measure.Seconds), cancellationToken); // let the servers settle
        var after = ProcessProbe.Sample(measure.All);
        var stillOpen = made.Count(c => c?.IsOpen == true);
        await Target.DisposeAllAsync(made);

        var frontendPids = measure.Frontends.Select(f => f.Pid).ToHashSet();
        var growthKiB = after.Where(a => frontendPids.Contains(a.Pid)).Sum(a => a.RssKiB - (before.FirstOrDefault(b => b.Pid == a.Pid)?.RssKiB ?? a.RssKiB));
        return new
        {
            scenario = "idle",
            label = measure.Label,
            plan = new { connections, roomSize, rooms, users, servers = target.Urls.Count, client = target.Client.ToString().ToLowerInvariant(), protocol = target.Protocol.ToString().ToLowerInvariant() },
            established,
            stillOpen,
            connectFailures = failed,
            firstConnectError = firstError,
            connectSeconds = Math.Round(connectSeconds, 1),
            connectsPerSecond = Math.Round(established / connectSeconds),
            frontendRssGrowthMiB = Math.Round(growthKiB / 1024.0, 1),
            kibPerConnection = established == 0 ? 0 : Math.Round(growthKiB / (double)established, 2),
            processesBefore = before.Select(b => new { name = b.Name, rssMiB = Math.Round(b.RssKiB / 1024.0, 1) }),
            processesAfter = after.Select(a => new { name = a.Name, rssMiB = Math.Round(a.RssKiB / 1024.0, 1) }),
        };
    }
}
