namespace Parley.Frontend.Realtime;

/// <summary>
/// A graceful stop of a front-end, for its live connections: as soon as the host starts stopping
/// (Kestrel then accepts no new connection and waits for the open ones), each connection answers
/// the calls it has in progress and is closed with "reconnect elsewhere". Stopping waits for the
/// drain, so the cluster client stays up for the calls still answering.
/// </summary>
internal sealed class ConnectionDrain(ConnectionRegistry registry, IHostApplicationLifetime lifetime) : IHostedService
{
    private readonly CancellationTokenSource _cutShort = new();
    private Task _drained = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => _drained = registry.DrainAsync(_cutShort.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(_cutShort.Cancel))
        {
            await _drained;
        }

        _cutShort.Dispose();
    }
}
