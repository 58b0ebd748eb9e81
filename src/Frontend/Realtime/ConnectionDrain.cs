using Microsoft.Extensions.Options;

namespace Parley.Frontend.Realtime;

/// <summary>
/// A graceful stop of a front-end, for its live connections: as soon as the host starts stopping
/// (Kestrel then accepts no new connection and waits for the open ones), each connection answers
/// the calls it has in progress and is closed with "reconnect elsewhere". Stopping waits for the
/// drain, so the cluster client stays up for the calls still answering.
/// </summary>
internal sealed class ConnectionDrain(ConnectionRegistry registry, IHostApplicationLifetime lifetime, IOptions<RealtimeOptions> options) : IHostedService
{
    private readonly CancellationTokenSource _cutShort = new();
    private Task _drained = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // SignalR aborts its connections from its own stopping callback, which may run right after
        // this one: wait here (bounded) until every connection has had its goodbye written.
        var patience = options.Value.DrainTimeout + options.Value.CloseTimeout;
        lifetime.ApplicationStopping.Register(() =>
        {
            _drained = registry.DrainAsync(_cutShort.Token);
            Task.WaitAny([_drained], patience); // its failures surface in StopAsync
        });
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
