namespace Parley.Grains.Hosting;

/// <summary>
/// The clock Parley's grains read (session expiry, lease expiry, timestamps). Its own type so
/// tests can fake Parley's time without also faking the time the Orleans runtime runs on.
/// </summary>
public sealed class GrainClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
