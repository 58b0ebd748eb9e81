namespace Parley.Grains.Abstractions;

/// <summary>How long grains remember a front-end's observer, and how often front-ends renew it.</summary>
public static class FrontendLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
}
