using System.Net;

namespace Parley.Hostile.Tests;

/// <summary>Guessing one account's password is slowed down for everyone who tries, on every front-end and protocol.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class AccountBackoffTests(TwoFrontendsFixture cluster)
{
    private const int FreeFailures = 5;

    [Fact]
    public async Task WrongPasswordsBackOffTheAccountOnEveryFrontendAndProtocol()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        for (var i = 0; i < FreeFailures; i++)
        {
            var frontend = i % 2 == 0 ? cluster.First : cluster.Second;
            using var wrong = await frontend.Http.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { username = alice.Username, password = "not the password" });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        // The free failures are used up: the account's next attempt, right or wrong, must wait.
        using var locked = await cluster.Second.Http.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { username = alice.Username, password = "still wrong" });
        await locked.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        using var evenRight = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { username = alice.Username, password = RestClient.Password });
        await evenRight.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(evenRight.Headers.RetryAfter);
        await using var ddp = await DdpTestClient.ConnectAsync(cluster.Second.DdpUrl);
        var viaDdp = await ddp.CallAsync("login", new { user = new { username = alice.Username }, password = RestClient.Password });
        Assert.Equal("too-many-requests", viaDdp.Error().Str("error"));
        Assert.InRange(viaDdp.Error().GetProperty("details").GetProperty("timeToReset").GetInt64(), 1, 2_000);
    }
}
