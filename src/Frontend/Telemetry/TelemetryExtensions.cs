using OpenTelemetry.Metrics;

namespace Parley.Frontend.Telemetry;

internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Tag combinations kept per metric stream. OpenTelemetry's default preallocates four times as
    /// many points for every stream, which over all the ASP.NET Core, Orleans and runtime
    /// instruments came to tens of megabytes per front-end; no stream of ours needs that many.
    /// </summary>
    private const int MaxTagCombinationsPerStream = 500;

    /// <summary>Prometheus metrics: Parley's meter, Orleans, ASP.NET Core (incl. SignalR connections) and the runtime.</summary>
    public static IServiceCollection AddParleyTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<ParleyMetrics>();
        services.AddHostedService<RealtimeGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ParleyMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
            .AddRuntimeInstrumentation()
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MaxTagCombinationsPerStream })
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }
}
