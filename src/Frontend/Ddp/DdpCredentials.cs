using System.Text.Json;
using Parley.Frontend.Auth;

namespace Parley.Frontend.Ddp;

/// <summary>
/// Meteor's login forms, checked by the same grains as REST and SignalR: <c>{resume: token}</c>,
/// and <c>{user: {username} | {id}, password: {digest, algorithm: "sha-256"} | "plain text"}</c>
/// (what <c>Meteor.loginWithPassword</c> sends: the client hashes, the account grain verifies the
/// digest exactly as for REST).
/// </summary>
internal sealed class DdpCredentials(IGrainFactory grains, ClientBudget budget)
{
    /// <summary>A resume token that no longer works (<see cref="MeteorAccountsErrors.LoggedOut"/> on the wire).</summary>
    public static ParleyException LoggedOut() => new(ParleyErrorCode.Unauthorized, MeteorAccountsErrors.LoggedOut);

    /// <summary>Verifies a <c>login</c> argument; returns the session and the token the client keeps.</summary>
    public async Task<(SessionInfo Session, string Token, bool Resumed)> LogInAsync(JsonElement argument, ClientId client)
    {
        var options = DdpArgs.Options(argument, "login") ?? throw Unrecognized();
        if (options.TryGetProperty("resume", out var resume))
        {
            budget.EnsureLeft(client);
            var token = resume.ValueKind == JsonValueKind.String ? resume.GetString() : null;
            var session = SessionToken.HasTokenShape(token) ? await grains.GetSession(SessionToken.ToSessionKey(token!)).ValidateAsync() : null;
            if (session is null)
            {
                budget.Charge(client);
                throw LoggedOut();
            }

            return (session, token!, true);
        }

        if (options.TryGetProperty("user", out var user) && options.TryGetProperty("password", out var password))
        {
            budget.Spend(client);
            var username = await UsernameOfAsync(user);
            var login = await grains.GetAccount(username).LoginAsync(DigestOf(password, forRegistration: false));
            return (ToSession(login), login.Token, false);
        }

        throw Unrecognized();
    }

    /// <summary>Meteor's <c>createUser [{username, password, email?, profile?}]</c>: registers, then logs in.</summary>
    public async Task<(SessionInfo Session, string Token)> CreateUserAsync(JsonElement argument, ClientId client)
    {
        var options = DdpArgs.Options(argument, "createUser") ?? throw DdpArgs.Invalid("createUser expects {username, password}");
        budget.Spend(client);
        var username = Username.Create(DdpArgs.String(options, "username"));
        var digest = DigestOf(options.TryGetProperty("password", out var password) ? password : default, forRegistration: true);
        var account = grains.GetAccount(username);
        await account.RegisterAsync(username.Value, digest);
        var login = await account.LoginAsync(digest);
        return (ToSession(login), login.Token);
    }

    private async Task<Username> UsernameOfAsync(JsonElement user)
    {
        if (user.ValueKind == JsonValueKind.Object)
        {
            if (user.TryGetProperty("username", out var name) && name.ValueKind == JsonValueKind.String
                && Username.TryCreate(name.GetString(), out var username))
            {
                return username;
            }

            if (user.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParseExact(id.GetString(), "N", out _)
                && await grains.GetUser(id.GetString()!).GetProfileAsync() is { } profile)
            {
                return Username.Create(profile.Username);
            }
        }

        // Parley has no e-mail addresses; like an unknown name, this is simply wrong credentials.
        throw new ParleyException(ParleyErrorCode.InvalidCredentials, "unknown username or wrong password");
    }

    /// <summary>The SHA-256 hex digest the account grain verifies: sent by the client, or computed from a plain password.</summary>
    private static string DigestOf(JsonElement password, bool forRegistration)
    {
        switch (password.ValueKind)
        {
            case JsonValueKind.String:
                var plain = password.GetString()!;
                if (forRegistration)
                {
                    Password.Validate(plain);
                }

                return PasswordDigest.Of(plain);
            case JsonValueKind.Object:
                if (!password.TryGetProperty("algorithm", out var algorithm) || algorithm.ValueKind != JsonValueKind.String || algorithm.GetString() != "sha-256")
                {
                    throw DdpArgs.Invalid("Invalid password hash algorithm. Only 'sha-256' is allowed.");
                }

                var digest = password.TryGetProperty("digest", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                return Password.IsDigest(digest)
                    ? digest!.ToLowerInvariant()
                    : throw DdpArgs.Invalid("password digest must be 64 hex digits");
            default:
                throw DdpArgs.Invalid("password must be a string or {digest, algorithm}");
        }
    }

    private static SessionInfo ToSession(LoginResult login) =>
        new(SessionToken.ToSessionKey(login.Token), login.User, login.ExpiresAt);

    private static ParleyException Unrecognized() => DdpArgs.Invalid(MeteorAccountsErrors.Unrecognized);
}
