using Microsoft.Extensions.Logging;

namespace Parley.Hosting;

/// <summary>In split mode a front-end may start before the silos: keep trying to reach a gateway for a minute.</summary>
internal sealed class RetryConnectingForAWhile(ILogger<RetryConnectingForAWhile> logger, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _startedAt > GiveUpAfter)
        {
            return false;
        }

        logger.LogWarning("Cannot reach the Orleans cluster yet ({Reason}); retrying", exception.Message);
        await Task.Delay(RetryEvery, time, cancellationToken);
        return true;
    }
}
