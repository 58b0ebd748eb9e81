using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Auth;

/// <summary>
/// Issues and checks the short-lived access tokens (ES256 JWTs) that other services accept, and
/// publishes their keys as a JWKS. The keys come from the cluster's signing-key grain and are held
/// here for <see cref="KeysFor"/>, never longer than the signing key's own window.
/// </summary>
internal sealed class AccessTokens(IGrainFactory grains, [FromKeyedServices(FrontendClock.Key)] TimeProvider time)
{
    public const string SessionIdClaim = "sid";
    public const string UsernameClaim = "preferred_username";
    private static readonly TimeSpan KeysFor = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Keys? _keys;

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(SessionInfo session)
    {
        var keys = await CurrentAsync();
        var now = time.GetUtcNow();
        var signing = keys.Set.SigningAt(now) ?? throw new ParleyException(ParleyErrorCode.Unavailable, "no signing key is in force");
        var expiresAt = now + keys.Set.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = keys.Set.Issuer,
            Audience = keys.Set.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = session.User.UserId,
                [UsernameClaim] = session.User.Username,
                [SessionIdClaim] = session.SessionKey,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(keys.SecurityKeys[signing.KeyId], SecurityAlgorithms.EcdsaSha256),
        });
        return (token, expiresAt);
    }

    /// <summary>The token's claims when its signature, issuer, audience and times hold; null otherwise.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string token)
    {
        var keys = await CurrentAsync();
        var result = await _handler.ValidateTokenAsync(token, Parameters(keys));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            keys = await CurrentAsync(force: true); // a key another front-end just started signing with
            result = await _handler.ValidateTokenAsync(token, Parameters(keys));
        }

        return result.IsValid ? result.ClaimsIdentity : null;
    }

    /// <summary>The public keys, as <c>/.well-known/jwks.json</c> serves them.</summary>
    public async Task<string> JwksAsync()
    {
        var keys = await CurrentAsync();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys.Set.Keys)
            {
                var parameters = keys.SecurityKeys[key.KeyId].ECDsa.ExportParameters(includePrivateParameters: false);
                writer.WriteStartObject();
                writer.WriteString("kty", "EC");
                writer.WriteString("crv", "P-256");
                writer.WriteString("use", "sig");
                writer.WriteString("alg", SecurityAlgorithms.EcdsaSha256);
                writer.WriteString("kid", key.KeyId);
                writer.WriteString("x", Base64UrlEncoder.Encode(parameters.Q.X));
                writer.WriteString("y", Base64UrlEncoder.Encode(parameters.Q.Y));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private TokenValidationParameters Parameters(Keys keys) => new()
    {
        ValidIssuer = keys.Set.Issuer,
        ValidAudience = keys.Set.Audience,
        IssuerSigningKeys = keys.SecurityKeys.Values,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        RequireExpirationTime = true,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } end && now < end + AccessTokenClock.Skew && (notBefore is not { } start || now >= start - AccessTokenClock.Skew);
        },
    };

    private async Task<Keys> CurrentAsync(bool force = false)
    {
        var now = time.GetUtcNow();
        if (!force && IsFresh(_keys, now))
        {
            return _keys!;
        }

        await _refresh.WaitAsync();
        try
        {
            if (!force && IsFresh(_keys, now))
            {
                return _keys!; // another caller refreshed while this one waited
            }

            var set = await grains.GetSigningKeys().GetAsync();
            var securityKeys = new Dictionary<string, ECDsaSecurityKey>(StringComparer.Ordinal);
            foreach (var key in set.Keys)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
                securityKeys[key.KeyId] = new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
            }

            return _keys = new Keys(set, securityKeys, now);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static bool IsFresh(Keys? keys, DateTimeOffset now) =>
        keys is not null && keys.FetchedAt + KeysFor > now && keys.Set.SigningAt(now) is not null;

    private sealed record Keys(SigningKeySet Set, IReadOnlyDictionary<string, ECDsaSecurityKey> SecurityKeys, DateTimeOffset FetchedAt);
}
