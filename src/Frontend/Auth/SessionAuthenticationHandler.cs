using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Parley.Frontend.Errors;

namespace Parley.Frontend.Auth;

/// <summary>
/// Authenticates a resume token (Bearer header, or <c>access_token</c> query on realtime paths)
/// against its session grain on every request: no cache, so a revoked token fails at once on
/// every front-end. Every token that fails is charged to the client's <see cref="ClientBudget"/>,
/// and a client that used it up is refused before any grain is asked. A session that cannot be
/// checked (its grain's database is unreachable) is answered <c>unavailable</c>, never 401: a
/// client told its token is invalid would throw it away.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    ClientBudget budget) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private Refusal? _refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var client = ClientId.Of(Context);
        try
        {
            budget.EnsureLeft(client);
        }
        catch (ParleyException throttled)
        {
            return Refuse(throttled);
        }

        SessionInfo? session;
        try
        {
            session = SessionToken.HasTokenShape(token) ? await grains.GetSession(SessionToken.ToSessionKey(token)).ValidateAsync() : null;
        }
        catch (Exception exception) when (ErrorTranslation.IsTransient(exception))
        {
            return Refuse(exception);
        }

        if (session is null)
        {
            budget.Charge(client);
            return AuthenticateResult.Fail("invalid or expired token");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, session.User.UserId),
                new Claim(ClaimTypes.Name, session.User.Username),
                new Claim(SessionAuthentication.SessionKeyClaim, session.SessionKey),
                new Claim(SessionAuthentication.ExpiresAtClaim, session.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
            ],
            SessionAuthentication.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SessionAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => _refusal is { } refusal
        ? Problems.Write(Context, refusal)
        : Problems.Write(Context, ParleyErrorCode.Unauthorized, "a valid token is required");

    private AuthenticateResult Refuse(Exception exception)
    {
        _refusal = ErrorTranslation.Translate(exception);
        return AuthenticateResult.Fail(_refusal.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, ParleyErrorCode.Forbidden, "not allowed");

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return SessionAuthentication.QueryTokenPaths.Any(path => Request.Path.StartsWithSegments(path))
            && Request.Query.TryGetValue("access_token", out var queryToken)
            ? queryToken.ToString()
            : null;
    }
}
