using Microsoft.AspNetCore.Authentication;
using Parley.Frontend.Apis;
using Parley.Frontend.Auth;

namespace Parley.Frontend.Services;

/// <summary>What other services use: service keys and their scopes, access tokens, the server API, the OpenAPI document.</summary>
internal static class ServiceAccessExtensions
{
    public static IServiceCollection AddParleyServiceAccess(this IServiceCollection services)
    {
        services.AddOptions<ServiceKeyOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(ServiceKeyOptions.Section).Bind(options.Keys))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ServiceKeyAuthenticationHandler>(ServiceKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var scope in ServiceScopes.All)
        {
            authorization.AddPolicy(ServiceScopes.Policy(scope), policy => policy
                .AddAuthenticationSchemes(ServiceKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ServiceKeyAuthenticationHandler.ScopeClaim, scope));
        }

        services.AddSingleton<ServiceRateLimiter>();
        services.AddSingleton<AccessTokens>();
        services.AddOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapParleyServiceAccess(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTokenApi();
        endpoints.MapServerApi();
        endpoints.MapOpenApi();
        return endpoints;
    }
}
