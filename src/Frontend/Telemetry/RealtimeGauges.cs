using System.Diagnostics.Metrics;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Telemetry;

/// <summary>What this front-end holds right now, read when /metrics is scraped; registered when the host starts.</summary>
internal sealed class RealtimeGauges(IMeterFactory meters, RoomFeeds feeds) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(ParleyMetrics.MeterName);
        meter.CreateObservableGauge("parley.presence.online", () => feeds.OnlineCount, description: "Users online on this front-end, once per room they are in");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
