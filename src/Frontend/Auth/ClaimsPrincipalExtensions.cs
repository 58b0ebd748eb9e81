using System.Globalization;
using System.Security.Claims;

namespace Parley.Frontend.Auth;

/// <summary>Reads the session that <see cref="SessionAuthenticationHandler"/> put into the principal.</summary>
public static class ClaimsPrincipalExtensions
{
    public static UserProfile Profile(this ClaimsPrincipal principal) =>
        new(Required(principal, ClaimTypes.NameIdentifier), Required(principal, ClaimTypes.Name));

    public static string SessionKey(this ClaimsPrincipal principal) =>
        Required(principal, SessionAuthentication.SessionKeyClaim);

    public static SessionInfo Session(this ClaimsPrincipal principal) => new(
        principal.SessionKey(),
        principal.Profile(),
        DateTimeOffset.Parse(Required(principal, SessionAuthentication.ExpiresAtClaim), CultureInfo.InvariantCulture));

    private static string Required(ClaimsPrincipal principal, string type) =>
        principal.FindFirstValue(type) ?? throw new InvalidOperationException($"Claim {type} is missing: is the endpoint authorized?");
}
