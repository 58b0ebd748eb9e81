namespace Parley.Frontend.Ddp;

/// <summary>Wires the DDP gateway: services, and the WebSocket endpoint Meteor clients connect to.</summary>
public static class DdpEndpointExtensions
{
    /// <summary>Meteor's raw WebSocket path (what <c>DDP.connect(url)</c> and DDP client libraries open); no SockJS.</summary>
    public const string Path = "/websocket";

    public static IServiceCollection AddParleyDdp(this IServiceCollection services)
    {
        services.AddOptions<DdpOptions>().BindConfiguration(DdpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DdpCredentials>();
        services.AddSingleton<DdpGateway>();
        return services;
    }

    /// <summary>Maps <see cref="Path"/> (with or without a trailing slash, as Meteor accepts) to the gateway.</summary>
    public static IEndpointConventionBuilder MapDdp(this IEndpointRouteBuilder endpoints)
    {
        // A pipeline of its own, as SignalR's MapHub builds one: WebSockets are accepted only here.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(context => context.RequestServices.GetRequiredService<DdpGateway>().AcceptAsync(context));
        return endpoints.Map(Path, pipeline.Build()).WithDisplayName("DDP");
    }
}
