namespace Parley.Frontend.Auth;

/// <summary>Names used by Parley's resume-token authentication.</summary>
public static class SessionAuthentication
{
    public const string Scheme = "ParleySession";
    public const string SessionKeyClaim = "parley:session";
    public const string ExpiresAtClaim = "parley:expires";

    /// <summary>Paths where the token may come in the <c>access_token</c> query (browsers cannot set headers on WebSockets).</summary>
    public static readonly PathString[] QueryTokenPaths = ["/hubs", "/websocket"];
}
