using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.LoadGen;

/// <summary>
/// One user sending into one room as a careful client does: each send retried with its
/// clientMessageId until acknowledged, reconnecting to the next server when its connection dies.
/// Records when every acknowledged send started and was acknowledged, and what went wrong on the way.
/// </summary>
internal sealed class RetryingSender(Target target, string token, string roomId, string name, TimeSpan pace, TimeSpan giveUpAfter)
{
    private readonly SemaphoreSlim _reconnecting = new(1, 1);
    private readonly ConcurrentBag<(long StartedAt, long AcknowledgedAt, string ClientMessageId)> _acknowledged = [];
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _abandoned;

    public string RoomId => roomId;

    public HubConnection? Connection { get; private set; }

    public int Reconnects { get; private set; }

    /// <summary>Sends that were still not acknowledged after <c>giveUpAfter</c>.</summary>
    public int Abandoned => _abandoned;

    public IReadOnlyCollection<(long StartedAt, long AcknowledgedAt, string ClientMessageId)> Acknowledged => _acknowledged;

    /// <summary>Failed attempts by kind: the error code the server gave, else the exception's type.</summary>
    public IReadOnlyDictionary<string, int> Errors => _errors;

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

    /// <summary>The room's whole history, read over this sender's connection (reconnecting first if it is down).</summary>
    public async Task<List<WireMessage>> ReadHistoryAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = Connection!;
            try
            {
                var stored = new List<WireMessage>();
                long? before = null;
                while (true)
                {
                    var page = await connection.InvokeAsync<WireMessage[]>("GetHistory", roomId, before, 200, cancellationToken);
                    if (page.Length == 0)
                    {
                        stored.Reverse();
                        return stored;
                    }

                    stored.AddRange(page.Reverse());
                    before = page[0].Seq;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(200, cancellationToken);
                await ReconnectAsync(connection);
            }
        }
    }

    /// <summary>Acknowledged messages missing from the room's history, and client ids stored twice.</summary>
    public async Task<(int Missing, int Duplicates)> VerifyAsync(CancellationToken cancellationToken) => Verify(await ReadHistoryAsync(cancellationToken));

    public (int Missing, int Duplicates) Verify(IReadOnlyList<WireMessage> stored)
    {
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
                    await connection.InvokeAsync<WireMessage>("SendMessage", roomId, $"{started} chat", clientMessageId, CancellationToken.None);
                    _acknowledged.Add((started, Clock.Now, clientMessageId));
                    break;
                }
                catch (Exception exception)
                {
                    _errors.AddOrUpdate(KindOf(exception), 1, (_, count) => count + 1);
                    if (Clock.Milliseconds(Clock.Now - started) > giveUpAfter.TotalMilliseconds)
                    {
                        Interlocked.Increment(ref _abandoned);
                        break;
                    }

                    await Task.Delay(20, CancellationToken.None);
                    if (connection.State != HubConnectionState.Connected)
                    {
                        await ReconnectAsync(connection);
                    }
                }
            }

            await Task.Delay(pace, CancellationToken.None); // a steady stream, not a flood
        }
    }

    /// <summary>"unavailable", "rate_limited", … from the hub's error message; otherwise the exception's type.</summary>
    private static string KindOf(Exception exception) => exception is HubException { Message: var message } && message.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
        ? message[..colon]
        : exception.GetType().Name;

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
