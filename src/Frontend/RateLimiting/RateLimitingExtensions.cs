using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Frontend.Errors;

namespace Parley.Frontend.RateLimiting;

internal static class RateLimitingExtensions
{
    public const string AuthPolicy = "auth";

    public static IServiceCollection AddParleyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SendRateLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthPolicy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.AuthPermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = (context, _) =>
                new ValueTask(Problems.Write(context.HttpContext, ParleyErrorCode.RateLimited, "too many attempts; retry later"));
        });
        return services;
    }
}
