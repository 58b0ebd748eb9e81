using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Frontend.RateLimiting;

namespace Parley.Frontend.Services;

/// <summary>One fixed window per service key (by name) for every server API call on this front-end.</summary>
internal sealed class ServiceRateLimitFilter(ServiceRateLimiter limiter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        limiter.Acquire(context.HttpContext.User.FindFirstValue(ClaimTypes.Name) ?? "");
        return next(context);
    }
}

internal sealed class ServiceRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        service => RateLimitPartition.GetFixedWindowLimiter(service, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ServiceRequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Acquire(string service)
    {
        using var lease = _limiter.AttemptAcquire(service);
        if (!lease.IsAcquired)
        {
            throw new ParleyException(ParleyErrorCode.RateLimited, "this service key made too many calls; retry in a minute") { RetryAfter = TimeSpan.FromSeconds(60) };
        }
    }

    public void Dispose() => _limiter.Dispose();
}
