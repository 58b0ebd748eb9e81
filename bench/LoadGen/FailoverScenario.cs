using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

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
            var sender = new RetryingSender(target, tokens[i], target.RoomName(i), $"f{i}");
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

    /// <summary>One user sending into one room; keeps a connection to some live server.</summary>
    private sealed class RetryingSender(Target target, string token, string roomId, string name)
    {
        private readonly SemaphoreSlim _reconnecting = new(1, 1);
        private readonly ConcurrentBag<(long StartedAt, long AcknowledgedAt, string ClientMessageId)> _acknowledged = [];

        public HubConnection? Connection { get; private set; }

        public int Reconnects { get; private set; }

        public IReadOnlyCollection<(long StartedAt, long AcknowledgedAt, string ClientMessageId)> Acknowledged => _acknowledged;

        public long? FirstAcknowledgedStartedAfter(long moment) =>
            _acknowledged.Where(a => a.StartedAt > moment).Select(a => (long?)a.AcknowledgedAt).Min();

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            var connection = target.Connection(target.NextUrl(), token, 0);
            await connection.StartAsync(cancellationToken);
            Connection = connection;
        }

        public Task RunAsync(int inFlight, CancellationToken stop) =>
            Task.WhenAll(Enumerable.Range(0, inFlight).Select(slot => Task.Run(() => LoopAsync(slot, stop), CancellationToken.None)));

        /// <summary>Acknowledged messages missing from the room's history, and client ids stored twice.</summary>
        public async Task<(int Missing, int Duplicates)> VerifyAsync(CancellationToken cancellationToken)
        {
            var stored = new List<WireMessage>();
            long? before = null;
            while (true)
            {
                var page = await Connection!.InvokeAsync<WireMessage[]>("GetHistory", roomId, before, 200, cancellationToken);
                if (page.Length == 0)
                {
                    break;
                }

                stored.AddRange(page);
                before = page[0].Seq;
            }

            var ids = stored.Where(m => m.ClientMessageId is not null).GroupBy(m => m.ClientMessageId!).ToDictionary(g => g.Key, g => g.Count());
            return (_acknowledged.Count(a => !ids.ContainsKey(a.ClientMessageId)), ids.Values.Count(c => c > 1));
        }

        private async Task LoopAsync(int slot, CancellationToken stop)
        {
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                var clientMessageId = $"{name}-{slot}-{n}";
                var started = Clock.Now;
                while (true)
                {
                    var connection = Connection!;
                    try
                    {
                        await connection.InvokeAsync<WireMessage>("SendMessage", roomId, $"{started} failover", clientMessageId, CancellationToken.None);
                        _acknowledged.Add((started, Clock.Now, clientMessageId));
                        break;
                    }
                    catch (Exception) when (Clock.Milliseconds(Clock.Now - started) < GiveUpAfter.TotalMilliseconds * 2)
                    {
                        await Task.Delay(20, CancellationToken.None);
                        if (connection.State != HubConnectionState.Connected)
                        {
                            await ReconnectAsync(connection);
                        }
                    }
                }

                await Task.Delay(10, CancellationToken.None); // a steady stream, not a flood
            }
        }

        private async Task ReconnectAsync(HubConnection broken)
        {
            await _reconnecting.WaitAsync();
            try
            {
                if (Connection != broken)
                {
                    return; // another slot already reconnected
                }

                while (true)
                {
                    var connection = target.Connection(target.NextUrl(), token, 0);
                    try
                    {
                        await connection.StartAsync();
                        Connection = connection;
                        Reconnects++;
                        _ = broken.DisposeAsync().AsTask();
                        return;
                    }
                    catch (Exception)
                    {
                        await connection.DisposeAsync();
                        await Task.Delay(50);
                    }
                }
            }
            finally
            {
                _reconnecting.Release();
            }
        }
    }
}
