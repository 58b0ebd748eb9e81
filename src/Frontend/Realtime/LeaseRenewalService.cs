namespace Parley.Frontend.Realtime;

/// <summary>
/// Renews this front-end's registrations with room and user grains before their lease runs out,
/// and ends connections whose session expired or was revoked without us hearing of it.
/// </summary>
internal sealed partial class LeaseRenewalService(
    RoomFeeds feeds,
    ConnectionRegistry connections,
    [FromKeyedServices(FrontendClock.Key)] TimeProvider time,
    ILogger<LeaseRenewalService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FrontendLease.RenewEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                connections.EndExpired();
                await feeds.RenewAllAsync(stoppingToken);
                await connections.RenewAllAsync();
                await connections.EndRevokedAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRenewalFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing front-end leases failed; will retry")]
    private partial void LogRenewalFailed(Exception exception);
}
