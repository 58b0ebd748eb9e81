using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Grains.Webhooks;

/// <summary>
/// On every silo, wakes every webhook endpoint now and then: an endpoint whose silo died holds its
/// outbox in storage, and nothing else would call it until the next event.
/// </summary>
internal sealed partial class WebhookWake(IGrainFactory grains, IOptions<WebhookOptions> options, ILogger<WebhookWake> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(options.Value.WakeEvery);
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetWebhooks().WakeAllAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWakeFailed(exception.Message); // the cluster is starting or recovering: the next tick tries again
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking webhook endpoints failed: {Reason}")]
    private partial void LogWakeFailed(string reason);
}
