namespace Parley.Frontend.Hosting;

/// <summary>In split mode a front-end may start before the silos: keep trying to reach a gateway for a minute.</summary>
internal sealed class RetryConnectingForAWhile(ILogger<RetryConnectingForAWhile> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow - _startedAt > GiveUpAfter)
        {
            return false;
        }

        logger.LogWarning("Cannot reach the Orleans cluster yet ({Reason}); retrying", exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
