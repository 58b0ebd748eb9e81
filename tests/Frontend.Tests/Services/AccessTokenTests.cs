using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Parley.Frontend.Apis;
using Parley.Frontend.Realtime;
using Parley.Grains.Hosting;

namespace Parley.Frontend.Tests.Services;

/// <summary>
/// Access tokens as another service sees them: verified against the JWKS with Microsoft's JWT
/// library (as a .NET service would), and by introspection. One front-end whose grains and
/// front-end share a fake clock, so expiry and key rotation can be walked through.
/// </summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    private static readonly TimeSpan Rotation = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ParleyServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ParleyServer.StartCombinedAsync(
            new Dictionary<string, string> { ["Parley:AccessTokens:RotateEvery"] = "01:00:00" },
            builder =>
            {
                builder.Services.AddSingleton(new GrainClock(_time));
                builder.Services.AddKeyedSingleton<TimeProvider>(FrontendClock.Key, _time);
            });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AResumeTokenBuysASignedTokenThatAServiceVerifiesWithTheJwks()
    {
        var login = await _server.Http.RegisterAndLoginAsync();

        var issued = await ExchangeAsync(login.Token);
        var jwt = new JsonWebToken(issued.AccessToken);
        var verified = await VerifyAsync(issued.AccessToken, await JwksAsync());
        var otherAudience = await VerifyAsync(issued.AccessToken, await JwksAsync(), audience: "someone-else");
        var tampered = await VerifyAsync(Tamper(issued.AccessToken), await JwksAsync());

        Assert.Equal(("ES256", login.UserId, "parley", "parley-services"), (jwt.Alg, jwt.Subject, jwt.Issuer, Assert.Single(jwt.Audiences)));
        Assert.Equal(login.Username, jwt.GetClaim("preferred_username").Value);
        Assert.Equal(SessionToken.ToSessionKey(login.Token), jwt.GetClaim("sid").Value);
        Assert.Equal(_time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(), issued.ExpiresAt.ToUnixTimeSeconds());
        Assert.True(verified.IsValid, verified.Exception?.Message);
        Assert.False(otherAudience.IsValid);
        Assert.False(tampered.IsValid);
    }

    [Fact]
    public async Task AfterLogoutNoTokenIsIssuedAndIntrospectionCallsTheLastOneInactive()
    {
        var login = await _server.Http.RegisterAndLoginAsync();
        var issued = await ExchangeAsync(login.Token);
        Assert.True((await IntrospectAsync(issued.AccessToken)).Active);

        using var logout = await _server.Http.SendAsync(HttpMethod.Post, "/api/auth/logout", login.Token);
        using var refused = await _server.Http.SendAsync(HttpMethod.Post, "/api/auth/token", login.Token);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.False((await IntrospectAsync(issued.AccessToken)).Active);
        Assert.True((await VerifyAsync(issued.AccessToken, await JwksAsync())).IsValid); // the documented window: signature checks pass until expiry
    }

    [Fact]
    public async Task KeysRotateWithOverlapAndATokenVerifiesUntilItExpires()
    {
        var login = await _server.Http.RegisterAndLoginAsync();
        var first = await ExchangeAsync(login.Token);
        var firstKey = new JsonWebToken(first.AccessToken).Kid;
        var published = await JwksAsync();
        Assert.Equal(2, published.Keys.Count); // the signing key and the next one
        _time.Advance(Rotation - TimeSpan.FromMinutes(1));
        var late = await ExchangeAsync(login.Token);

        _time.Advance(TimeSpan.FromMinutes(2)); // the next key signs now
        var second = await ExchangeAsync(login.Token);
        var afterRotation = await JwksAsync();

        Assert.Equal(firstKey, new JsonWebToken(late.AccessToken).Kid);
        Assert.NotEqual(firstKey, new JsonWebToken(second.AccessToken).Kid);
        Assert.Contains(new JsonWebToken(second.AccessToken).Kid, published.Keys.Select(key => key.Kid)); // a verifier that cached the old set knows it
        Assert.True((await VerifyAsync(late.AccessToken, afterRotation)).IsValid);
        Assert.True((await VerifyAsync(second.AccessToken, published)).IsValid);
        Assert.True((await IntrospectAsync(late.AccessToken)).Active);
        Assert.False((await IntrospectAsync(first.AccessToken)).Active); // expired a while ago

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False((await IntrospectAsync(late.AccessToken)).Active);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(firstKey, (await JwksAsync()).Keys.Select(key => key.Kid));
        Assert.True((await IntrospectAsync((await ExchangeAsync(login.Token)).AccessToken)).Active);
    }

    private async Task<AccessTokenResponse> ExchangeAsync(string resumeToken)
    {
        using var response = await _server.Http.SendAsync(HttpMethod.Post, "/api/auth/token", resumeToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsync<AccessTokenResponse>();
    }

    private async Task<JsonWebKeySet> JwksAsync()
    {
        using var response = await _server.Http.GetAsync("/.well-known/jwks.json", Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return new JsonWebKeySet(await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<TokenValidationResult> VerifyAsync(string token, JsonWebKeySet keys, string audience = "parley-services") =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "parley",
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            LifetimeValidator = (notBefore, expires, _, _) => expires > _time.GetUtcNow().UtcDateTime,
        });

    private async Task<IntrospectionResponse> IntrospectAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/oauth/introspect") { Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServiceKeys.Introspector);
        using var response = await _server.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsync<IntrospectionResponse>();
    }

    /// <summary>The same token with one character of its payload changed.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = parts[1].ToCharArray();
        payload[10] = payload[10] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{new string(payload)}.{parts[2]}";
    }
}
