namespace Parley.Frontend.Realtime;

/// <summary>
/// The clock the front-end's session bookkeeping reads (lease renewal, expiry of connected
/// sessions), registered under its own key so tests can fake it without faking the time that
/// ASP.NET Core and SignalR run on.
/// </summary>
public static class FrontendClock
{
    public const string Key = "parley";
}
