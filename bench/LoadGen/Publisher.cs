namespace Parley.LoadGen;

/// <summary>
/// One user posting into one room as fast as acknowledgements come back, with at most
/// <paramref name="inFlight"/> sends outstanding (a closed loop: a slower server gets fewer sends).
/// </summary>
internal sealed class Publisher(IHubClient connection, string roomId, int inFlight, Clock clock, string name, string filler)
{
    private readonly List<long>[] _latencies = [.. Enumerable.Range(0, inFlight).Select(_ => new List<long>())];
    private long _acknowledged;
    private long _errors;
    private string? _firstError;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Errors => Interlocked.Read(ref _errors);

    public string? FirstError => _firstError;

    public IEnumerable<long> Latencies => _latencies.SelectMany(l => l);

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, inFlight).Select(slot => Task.Run(() => LoopAsync(slot, stop), CancellationToken.None)));

    private async Task LoopAsync(int slot, CancellationToken stop)
    {
        var latencies = _latencies[slot];
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var sent = Clock.Now;
            try
            {
                await connection.InvokeAsync("SendMessage", roomId, $"{sent} {filler}", $"{name}-{slot}-{n}");
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _errors);
                Interlocked.CompareExchange(ref _firstError, exception.GetBaseException().Message, null);
                await Task.Delay(100, CancellationToken.None);
                continue;
            }

            var acknowledged = Clock.Now;
            if (clock.InWindow(acknowledged))
            {
                Interlocked.Increment(ref _acknowledged);
                latencies.Add(acknowledged - sent);
            }
        }
    }
}
