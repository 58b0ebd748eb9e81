using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Parley.Frontend.Auth;
using Parley.Frontend.Services;

namespace Parley.Frontend.Apis;

/// <summary>
/// Access tokens for other services: the exchange (<c>POST /api/auth/token</c>), the keys that
/// verify them (<c>/.well-known/jwks.json</c>) and RFC 7662 introspection for services that prefer
/// to ask (<c>POST /api/oauth/introspect</c>, service key with <c>introspect</c>).
/// </summary>
internal static class TokenApi
{
    private static readonly IResult Inactive = Results.Ok(new IntrospectionResponse(false));

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/auth/token", async (ClaimsPrincipal user, AccessTokens tokens) =>
            {
                var (token, expiresAt) = await tokens.IssueAsync(user.Session());
                return Results.Ok(new AccessTokenResponse(token, expiresAt));
            })
            .RequireAuthorization()
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchanges the resume token (Bearer) for a short-lived signed access token.");
        endpoints.MapGet("/.well-known/jwks.json", async (AccessTokens tokens, HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Text(await tokens.JwksAsync(), "application/json");
            })
            .WithSummary("The public keys that verify access tokens, the next one included.");
        endpoints.MapPost("/api/oauth/introspect", IntrospectAsync)
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.Introspect))
            .AddEndpointFilter<ServiceRateLimitFilter>()
            .Produces<IntrospectionResponse>()
            .WithSummary("RFC 7662: whether a resume or access token is active, and for whom.");
        return endpoints;
    }

    private static async Task<IResult> IntrospectAsync(HttpRequest request, AccessTokens tokens, IGrainFactory grains)
    {
        if (!request.HasFormContentType)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "send application/x-www-form-urlencoded with token=…");
        }

        var token = (await request.ReadFormAsync()).TryGetValue("token", out var values) ? values.ToString() : "";
        if (token.Length is 0 or > 4096)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "token is required (at most 4096 characters)");
        }

        if (SessionToken.HasTokenShape(token))
        {
            var session = await grains.GetSession(SessionToken.ToSessionKey(token)).ValidateAsync();
            return session is null ? Inactive : Results.Ok(new IntrospectionResponse(true, "resume_token", session.User.UserId, session.User.Username, Exp: session.ExpiresAt.ToUnixTimeSeconds()));
        }

        if (await tokens.ValidateAsync(token) is not { } claims
            || claims.FindFirst(AccessTokens.SessionIdClaim)?.Value is not { Length: > 0 } sessionKey
            || await grains.GetSession(sessionKey).ValidateAsync() is null)
        {
            return Inactive; // an access token of an ended session is inactive at once for those who ask
        }

        string? Claim(string type) => claims.FindFirst(type)?.Value;
        return Results.Ok(new IntrospectionResponse(
            true,
            "access_token",
            Claim(JwtRegisteredClaimNames.Sub),
            Claim(AccessTokens.UsernameClaim),
            sessionKey,
            long.TryParse(Claim(JwtRegisteredClaimNames.Exp), out var exp) ? exp : null,
            long.TryParse(Claim(JwtRegisteredClaimNames.Iat), out var iat) ? iat : null,
            Claim(JwtRegisteredClaimNames.Iss),
            Claim(JwtRegisteredClaimNames.Aud),
            Claim(JwtRegisteredClaimNames.Jti)));
    }
}
