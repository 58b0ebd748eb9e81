using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Frontend.RateLimiting;

namespace Parley.Frontend.Auth;

/// <summary>
/// One budget per client (<see cref="ClientId"/>) for what guessing repeats, shared by REST,
/// SignalR and DDP on this front-end: every login and registration attempt, and every token that
/// turns out unknown or expired. A client that used it up is refused without the work (no
/// password hashing, no grain call) until the window ends.
/// </summary>
internal sealed class ClientBudget(IOptions<RateLimitOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<ClientId> _limiter = PartitionedRateLimiter.Create<ClientId, ClientId>(
        client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.AuthPermitsPerMinute,
            Window = Window,
            QueueLimit = 0,
        }));

    /// <summary>Spends one attempt, or throws <see cref="ParleyErrorCode.RateLimited"/> (with when to retry) when none is left.</summary>
    public void Spend(ClientId client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            throw ParleyException.RateLimited("too many attempts; retry later", RetryAfter(lease));
        }
    }

    /// <summary>Throws <see cref="ParleyErrorCode.RateLimited"/> when the client has nothing left, without spending.</summary>
    public void EnsureLeft(ClientId client)
    {
        using var lease = _limiter.AttemptAcquire(client, permitCount: 0);
        if (!lease.IsAcquired)
        {
            throw ParleyException.RateLimited("too many failed attempts; retry later", RetryAfter(lease));
        }
    }

    /// <summary>Spends one attempt for a failure already suffered; never throws.</summary>
    public void Charge(ClientId client)
    {
        using var lease = _limiter.AttemptAcquire(client);
    }

    public void Dispose() => _limiter.Dispose();

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
}
