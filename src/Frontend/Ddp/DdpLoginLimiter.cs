using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Frontend.RateLimiting;

namespace Parley.Frontend.Ddp;

/// <summary>
/// Password logins and account creation over DDP, per client IP, within the same budget per
/// minute as REST's login and register (<see cref="RateLimitOptions.AuthPermitsPerMinute"/>), so
/// DDP is no way around it. Resume logins are not counted: a token cannot be guessed.
/// </summary>
internal sealed class DdpLoginLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.AuthPermitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Throws <see cref="ParleyErrorCode.RateLimited"/> when the address used up its attempts.</summary>
    public void Acquire(string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(clientAddress);
        if (!lease.IsAcquired)
        {
            throw new ParleyException(ParleyErrorCode.RateLimited, "too many attempts; retry later");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
