using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Parley.Frontend.Auth;
using Parley.Frontend.Errors;

namespace Parley.Frontend.Services;

/// <summary>
/// Authenticates another service by its key, <c>Authorization: Bearer psk.&lt;name&gt;.&lt;secret&gt;</c>:
/// the secret's SHA-256 is compared in constant time with the configured hash. A key that fails
/// is charged to the client's <see cref="ClientBudget"/> like a bad token. The key itself is never
/// logged or echoed; only the service's name is.
/// </summary>
internal sealed class ServiceKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ServiceKeyOptions> keys,
    ClientBudget budget) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ParleyService";
    public const string ScopeClaim = "scope";
    public const string Prefix = "psk.";
    private Refusal? _refusal;

    /// <summary>A new key for <paramref name="name"/>: what the service presents, and the hash to configure.</summary>
    public static (string Key, string SecretSha256) Create(string name)
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{name}.{secret}", Hash(secret));
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.ToString() is not { } header || !header.StartsWith("Bearer " + Prefix, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = ClientId.Of(Context);
        try
        {
            budget.EnsureLeft(client);
        }
        catch (ParleyException throttled)
        {
            _refusal = ErrorTranslation.Translate(throttled);
            return Task.FromResult(AuthenticateResult.Fail(_refusal.Message));
        }

        var parts = header["Bearer ".Length..].Split('.');
        if (parts is [_, var name, var secret]
            && keys.CurrentValue.Keys.TryGetValue(name, out var entry)
            && entry.SecretSha256 is { } expected
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(expected.ToLowerInvariant())))
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), .. entry.ScopeList.Select(scope => new Claim(ScopeClaim, scope))], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }

        budget.Charge(client);
        return Task.FromResult(AuthenticateResult.Fail("unknown service key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => _refusal is { } refusal
        ? Problems.Write(Context, refusal)
        : Problems.Write(Context, ParleyErrorCode.Unauthorized, "a valid service key is required");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, ParleyErrorCode.Forbidden, "the service key lacks the scope this call needs");

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
