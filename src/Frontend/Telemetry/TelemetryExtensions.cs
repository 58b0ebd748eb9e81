using OpenTelemetry.Metrics;

namespace Parley.Frontend.Telemetry;

internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>Prometheus metrics: Parley's meter, Orleans, ASP.NET Core (incl. SignalR connections) and the runtime.</summary>
    public static IServiceCollection AddParleyTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<ParleyMetrics>();
        services.AddHostedService<RealtimeGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ParleyMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }
}
