using System.Diagnostics;

namespace Parley.LoadGen;

/// <summary>
/// Steady chat in a few rooms for a long while, through every server given, while bench/chaos.sh
/// kills and restarts processes and the database underneath. Afterwards, from the rooms'
/// histories and what each client saw: acknowledged messages missing, duplicates stored,
/// subscribers with a gap after resuming, and the longest stretch without a successful send.
/// </summary>
internal static class ChaosScenario
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CatchUpPatience = TimeSpan.FromSeconds(60);

    public static async Task<object> RunAsync(Target target, int rooms, int subscribersPerRoom, int inFlight, int seconds, CancellationToken cancellationToken)
    {
        var tokens = await target.TokensAsync(rooms * (1 + subscribersPerRoom), 8, cancellationToken);
        await target.CreateRoomsAsync(tokens[0], rooms, cancellationToken);
        var senders = Enumerable.Range(0, rooms).Select(i => new RetryingSender(target, tokens[i], target.RoomName(i), $"c{i}", Pace, GiveUpAfter)).ToList();
        var subscribers = Enumerable.Range(0, rooms * subscribersPerRoom).Select(i => new ResumingSubscriber(target, tokens[rooms + i], target.RoomName(i % rooms))).ToList();
        foreach (var sender in senders)
        {
            await sender.ConnectAsync(cancellationToken);
        }

        foreach (var subscriber in subscribers)
        {
            await subscriber.StartAsync(cancellationToken);
        }

        Log.Write($"chaos: {rooms} rooms, {senders.Count} senders, {subscribers.Count} subscribers; running {seconds} s");
        var startedAt = Clock.Now;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await Task.WhenAll(senders.Select(s => s.RunAsync(inFlight, stop.Token)));
        var endedAt = Clock.Now;

        var histories = new List<List<WireMessage>>();
        foreach (var sender in senders)
        {
            histories.Add(await sender.ReadHistoryAsync(cancellationToken));
        }

        var finalSeqs = senders.Select(s => s.RoomId).Zip(histories, (room, history) => (room, last: history.Count == 0 ? 0 : history[^1].Seq)).ToDictionary(x => x.room, x => x.last);
        var caughtUp = Stopwatch.StartNew();
        var roomOf = Enumerable.Range(0, subscribers.Count).Select(i => target.RoomName(i % rooms)).ToList();
        while (subscribers.Select((s, i) => s.LastSeq < finalSeqs[roomOf[i]]).Any(behind => behind) && caughtUp.Elapsed < CatchUpPatience)
        {
            await Task.Delay(200, cancellationToken);
        }

        var missingDeliveries = subscribers.Select((s, i) => s.Missing(finalSeqs[roomOf[i]])).ToList();
        var verdicts = senders.Zip(histories, (sender, history) => sender.Verify(history)).ToList();
        var acknowledgedAt = senders.SelectMany(s => s.Acknowledged.Select(a => a.AcknowledgedAt)).Append(startedAt).Append(endedAt).Order().ToList();
        var errors = senders.SelectMany(s => s.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        await Task.WhenAll(subscribers.Select(s => s.StopAsync()));
        await Target.DisposeAllAsync(senders.Select(s => s.Connection));

        return new
        {
            scenario = "chaos",
            plan = new { rooms, subscribersPerRoom, inFlight, seconds, servers = target.Urls.Count },
            acknowledged = senders.Sum(s => s.Acknowledged.Count),
            abandoned = senders.Sum(s => s.Abandoned),
            missing = verdicts.Sum(v => v.Missing),
            duplicates = verdicts.Sum(v => v.Duplicates),
            seqHoles = histories.Sum(h => h.Count == 0 ? 0 : h[^1].Seq - h.Count),
            subscribers = subscribers.Count,
            subscribersWithGap = missingDeliveries.Count(m => m > 0),
            deliveriesMissing = missingDeliveries.Sum(),
            longestSecondsWithoutAnyAck = Math.Round(LongestGap(acknowledgedAt), 2),
            longestSecondsWithoutAckInARoom = Math.Round(senders.Max(s => LongestGap([.. s.Acknowledged.Select(a => a.AcknowledgedAt).Append(startedAt).Append(endedAt).Order()])), 2),
            errors,
            senderReconnects = senders.Sum(s => s.Reconnects),
            subscriberResumes = subscribers.Sum(s => s.Resumes),
        };
    }

    private static double LongestGap(IReadOnlyList<long> sortedTicks) =>
        sortedTicks.Zip(sortedTicks.Skip(1), (a, b) => Clock.Milliseconds(b - a) / 1000).DefaultIfEmpty(0).Max();
}
