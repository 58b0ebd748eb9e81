namespace Parley.Grains.Abstractions;

/// <summary>How much clocks may disagree when a token's times are checked, here and by other services.</summary>
public static class AccessTokenClock
{
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
}
