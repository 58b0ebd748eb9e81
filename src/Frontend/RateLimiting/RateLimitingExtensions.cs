using Parley.Frontend.Auth;

namespace Parley.Frontend.RateLimiting;

internal static class RateLimitingExtensions
{
    public static IServiceCollection AddParleyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<ClientBudget>();
        return services;
    }
}
