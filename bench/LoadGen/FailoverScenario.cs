using System.Diagnostics;

namespace Parley.LoadGen;

/// <summary>
/// Busy rooms, each send retried with its clientMessageId until acknowledged (reconnecting to the
/// next server when a connection dies); SIGKILL of one process; then: how long until a send that
/// started after the kill was acknowledged, in the slowest room, and how many acknowledged
/// messages are missing from the rooms' histories afterwards.
/// </summary>
internal static class FailoverScenario
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static async Task<object> RunAsync(Target target, int rooms, int inFlight, int killAfterSeconds, int killPid, Measure measure, CancellationToken cancellationToken)
    {
        var tokens = await target.TokensAsync(rooms, 8, cancellationToken);
        await target.CreateRoomsAsync(tokens[0], rooms, cancellationToken);
        var senders = new List<RetryingSender>();
        for (var i = 0; i < rooms; i++)
        {
            var sender = new RetryingSender(target, tokens[i], target.RoomName(i), $"f{i}", TimeSpan.FromMilliseconds(10), GiveUpAfter * 2);
            await sender.ConnectAsync(cancellationToken);
            senders.Add(sender);
        }

        using var stop = new CancellationTokenSource();
        var running = senders.Select(s => s.RunAsync(inFlight, stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(killAfterSeconds), cancellationToken);

        var killedAt = Clock.Now;
        Process.GetProcessById(killPid).Kill(); // SIGKILL
        Log.Write($"{measure.Label}: killed {killPid}");
        var waiting = Stopwatch.StartNew();
        while (senders.Any(s => s.FirstAcknowledgedStartedAfter(killedAt) is null) && waiting.Elapsed < GiveUpAfter)
        {
            await Task.Delay(50, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

        var recoveries = senders.Select(s => s.FirstAcknowledgedStartedAfter(killedAt) is { } at ? Clock.Milliseconds(at - killedAt) / 1000 : double.NaN).ToList();
        var (lost, duplicates) = (0, 0);
        foreach (var sender in senders)
        {
            var (missing, doubled) = await sender.VerifyAsync(cancellationToken);
            lost += missing;
            duplicates += doubled;
        }

        await Target.DisposeAllAsync(senders.Select(s => s.Connection));
        var recovered = recoveries.All(r => !double.IsNaN(r));
        return new
        {
            scenario = "failover",
            label = measure.Label,
            plan = new { rooms, inFlight, killAfterSeconds, servers = target.Urls.Count },
            recovered,
            recoverySeconds = recovered ? Math.Round(recoveries.Max(), 2) : -1,
            roomRecoverySeconds = recoveries.Select(r => double.IsNaN(r) ? -1 : Math.Round(r, 2)),
            stalledRooms = recoveries.Count(r => double.IsNaN(r) || r > 1),
            acknowledged = senders.Sum(s => s.Acknowledged.Count),
            lost,
            duplicates,
            reconnects = senders.Sum(s => s.Reconnects),
        };
    }
}
