using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Parley.Frontend.RateLimiting;

/// <summary>One token bucket per user for sending messages, shared by REST and SignalR.</summary>
internal sealed class SendRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.SendBurst,
            TokensPerPeriod = options.Value.SendsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Throws <see cref="ParleyErrorCode.RateLimited"/> when the user has no token left.</summary>
    public void Acquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (!lease.IsAcquired)
        {
            throw new ParleyException(ParleyErrorCode.RateLimited, "too many messages; slow down");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
