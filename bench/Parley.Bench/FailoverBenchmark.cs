using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Parley.Bench;

/// <summary>
/// Three silo processes and a front-end on one PostgreSQL; a steady stream of sends into one
/// room; SIGKILL of the silo hosting it. Measured with Orleans' default failure detection and
/// with Parley's, side by side.
/// </summary>
internal static class FailoverBenchmark
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(int trials, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        Console.WriteLine("| failure detection | trial | declared dead after | sends succeed again after | acknowledged | lost |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var useDefaults in new[] { true, false })
        {
            for (var trial = 1; trial <= trials; trial++)
            {
                var result = await RunOnceAsync(postgres, useDefaults, cancellationToken);
                Console.WriteLine($"| {(useDefaults ? "Orleans defaults" : "Parley (2 s probes, 2 misses)")} | {trial} | {result.DeclaredDead.TotalSeconds:F1} s | {result.Recovered.TotalSeconds:F1} s | {result.Acknowledged} | {result.Lost} |");
            }
        }

        return 0;
    }

    private static async Task<(TimeSpan DeclaredDead, TimeSpan Recovered, int Acknowledged, int Lost)> RunOnceAsync(
        PostgresServer postgres, bool useDefaults, CancellationToken cancellationToken)
    {
        var database = await postgres.CreateDatabaseAsync($"failover_{Guid.NewGuid():N}"[..20], cancellationToken);
        var detection = new Dictionary<string, string> { ["Parley:FailureDetection:UseOrleansDefaults"] = useDefaults ? "true" : "false" };
        var silos = Enumerable.Range(0, 3).Select(_ => ParleyProcess.StartSilo(database, detection)).ToList();
        try
        {
            await using var frontend = await ParleyServer.StartClientAsync(new Dictionary<string, string>(detection) { ["ConnectionStrings:Parley"] = database });
            var grains = frontend.Services.GetRequiredService<IGrainFactory>();
            var management = grains.GetGrain<IManagementGrain>(0);
            await Until(async () => (await management.GetHosts(true, cancellationToken)).Count == 3, cancellationToken);
            var login = await frontend.Http.RegisterAndLoginAsync();
            var roomId = await frontend.Http.CreateRoomAsync(login.Token);
            var host = await management.GetActivationAddress(grains.GetRoom(RoomId.Create(roomId)), cancellationToken)
                ?? throw new InvalidOperationException("The room is not active anywhere.");
            var victim = silos.Single(silo => silo.SiloPort == host.Endpoint.Port);

            var stream = new SendStream(frontend.Http, login.Token, roomId);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var streaming = stream.RunAsync(stop.Token);
            await Until(() => Task.FromResult(stream.Acknowledged.Count >= 100), cancellationToken);

            var killedAt = stream.Now;
            var clock = Stopwatch.StartNew();
            victim.Kill();
            await Until(() => IsDeclaredDeadAsync(database, victim.SiloPort, cancellationToken), cancellationToken);
            var declaredDead = clock.Elapsed;
            await Until(() => Task.FromResult(stream.FirstAcknowledgedStartedAfter(killedAt) is not null), cancellationToken);
            await stop.CancelAsync();
            await streaming;

            var history = await frontend.Http.ReadAllAsync(login.Token, roomId);
            var stored = history.Select(m => m.MessageId).ToHashSet();
            var lost = stream.Acknowledged.Count(m => !stored.Contains(m.MessageId));
            return (declaredDead, stream.FirstAcknowledgedStartedAfter(killedAt)!.Value - killedAt, stream.Acknowledged.Count, lost);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Read from the membership table itself: the front-end's own view may lag, or hang on the dead gateway.</summary>
    private static async Task<bool> IsDeclaredDeadAsync(string database, int siloPort, CancellationToken cancellationToken)
    {
        const int dead = 6; // Orleans.Runtime.SiloStatus.Dead
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT max(status) FROM orleansmembershiptable WHERE port = @port", connection);
        query.Parameters.AddWithValue("port", siloPort);
        return await query.ExecuteScalarAsync(cancellationToken) is int status && status == dead;
    }

    private static async Task Until(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > GiveUpAfter)
            {
                throw new TimeoutException($"Gave up after {GiveUpAfter}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
