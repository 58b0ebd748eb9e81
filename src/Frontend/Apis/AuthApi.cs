using System.Security.Claims;
using Parley.Frontend.Auth;

namespace Parley.Frontend.Apis;

/// <summary><c>/api/auth</c>: register, log in, log out here and everywhere.</summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth");
        auth.MapPost("/register", RegisterAsync).WithMetadata(RequestBodyLimits.Anonymous);
        auth.MapPost("/login", LoginAsync).WithMetadata(RequestBodyLimits.Anonymous);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization();
        auth.MapPost("/logout-all", LogoutAllAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> RegisterAsync(CredentialsRequest request, IGrainFactory grains, ClientBudget budget, HttpContext context)
    {
        budget.Spend(ClientId.Of(context));
        var username = Username.Create(request.Username);
        Password.Validate(request.Password);
        var profile = await grains.GetAccount(username).RegisterAsync(username.Value, PasswordDigest.Of(request.Password!));
        return Results.Created("/api/me", profile);
    }

    private static async Task<IResult> LoginAsync(CredentialsRequest request, IGrainFactory grains, ClientBudget budget, HttpContext context)
    {
        budget.Spend(ClientId.Of(context));
        if (!Username.TryCreate(request.Username, out var username) || request.Password is null)
        {
            throw new ParleyException(ParleyErrorCode.InvalidCredentials, "unknown username or wrong password");
        }

        var login = await grains.GetAccount(username).LoginAsync(PasswordDigest.Of(request.Password));
        return Results.Ok(new LoginResponse(login.Token, login.User.UserId, login.User.Username, login.ExpiresAt));
    }

    private static async Task<IResult> LogoutAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetUser(user.Profile().UserId).EndSessionAsync(user.SessionKey(), SessionEndReason.Logout);
        return Results.NoContent();
    }

    private static async Task<IResult> LogoutAllAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetUser(user.Profile().UserId).EndAllSessionsAsync(SessionEndReason.LogoutAll);
        return Results.NoContent();
    }
}
