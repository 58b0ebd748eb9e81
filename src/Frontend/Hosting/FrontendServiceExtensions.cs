using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MessagePack;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Parley.Hosting;
using Parley.Frontend.Apis;
using Parley.Frontend.Auth;
using Parley.Frontend.Ddp;
using Parley.Frontend.Errors;
using Parley.Frontend.Hubs;
using Parley.Frontend.Json;
using Parley.Frontend.RateLimiting;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;
using Parley.Frontend.Services;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Hosting;

/// <summary>Everything client-facing: REST, the SignalR hub, the DDP endpoint, auth, limits, CORS and the local fan-out.</summary>
public static class FrontendServiceExtensions
{
    private const string CorsPolicy = "parley";

    public static WebApplicationBuilder AddParleyFrontend(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddKeyedSingleton(FrontendClock.Key, TimeProvider.System);
        services.AddProblemDetails();
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        services.AddExceptionHandler<ParleyExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            ParleyJson.Apply(options.SerializerOptions);
            options.SerializerOptions.Converters.Add(new WellFormedStringConverter());
        });

        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section);
        services.AddAuthentication(SessionAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthentication.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAuthenticationHandler.Policy, policy => policy
                .AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddParleyRateLimiting();
        services.AddParleyServiceAccess();
        services.AddParleyCors(builder.Configuration);
        services.AddParleyTelemetry();

        services.AddSignalR(options =>
            {
                options.AddFilter<ErrorTranslatingHubFilter>();
                options.MaximumParallelInvocationsPerClient = ChatHub.MaxParallelInvocations;
            })
            .AddJsonProtocol(options => ParleyJson.Apply(options.PayloadSerializerOptions))
            .AddMessagePackProtocol();
        services.AddOptions<MessagePackHubProtocolOptions>().Configure<IOptions<JsonHubProtocolOptions>>((options, json) =>
            options.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(new JsonShapedResolver(json.Value.PayloadSerializerOptions))
                .WithSecurity(MessagePackSecurity.UntrustedData));

        // Replace SignalR's "json" and "messagepack": the last protocol of a name wins.
        services.AddSingleton<IHubProtocol>(provider => new ParleyHubProtocol(new JsonHubProtocol(provider.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        services.AddSingleton<IHubProtocol>(provider => new ParleyHubProtocol(new MessagePackHubProtocol(provider.GetRequiredService<IOptions<MessagePackHubProtocolOptions>>())));
        services.AddSingleton<HubLifetimeManager<ChatHub>, ChatHubLifetimeManager>();

        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FrontendNode>();
        services.AddSingleton<FrontendObserver>();
        services.AddSingleton<RoomFeeds>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddHostedService<LeaseRenewalService>();
        services.AddHostedService<ConnectionDrain>();
        services.AddSingleton<RoomCatalog>();
        services.AddSingleton<MessageSender>();
        services.AddSingleton<TypingThrottle>();
        services.AddParleyDdp();
        return builder;
    }

    public static WebApplication UseParleyFrontend(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseParleyForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseParleyWebClient();
        app.UseCors(CorsPolicy);
        app.Use(RequestBodyLimits.ApplyAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapParleyEndpoints(this WebApplication app, ClusterSettings cluster)
    {
        app.MapHealthApi();
        var metrics = app.MapPrometheusScrapingEndpoint(TelemetryExtensions.MetricsPath);
        if (app.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.ProtectMetrics)
        {
            metrics.RequireAuthorization(OperatorAuthenticationHandler.Policy);
        }

        app.MapAuthApi();
        app.MapRoomsApi();
        app.MapParleyServiceAccess();
        app.MapHub<ChatHub>(ChatHub.Path);
        app.MapDdp();
        if (cluster.DashboardEnabled)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(OperatorAuthenticationHandler.Policy);
        }

        return app;
    }

    private static void AddParleyCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection(ParleyCorsOptions.Section).Get<ParleyCorsOptions>()?.AllowedOrigins ?? [];
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod();
            }
            else if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
            }
        }));
    }
}
