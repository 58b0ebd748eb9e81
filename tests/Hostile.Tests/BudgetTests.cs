using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Hostile.Tests;

/// <summary>Guessing costs the guesser: one budget per client over every protocol, and nothing lingers per guess.</summary>
public sealed class BudgetTests : IAsyncLifetime
{
    private const int Budget = 6;

    private ParleyServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["Parley:RateLimits:AuthPermitsPerMinute"] = $"{Budget}" });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task LoginAttemptsOverRestAndDdpShareOneBudgetPerClient()
    {
        await using var ddp = await DdpTestClient.ConnectAsync(_server.DdpUrl);
        for (var i = 1; i < Budget; i += 2)
        {
            using var rest = await _server.Http.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { username = "nobody-here", password = "wrong password" });
            await rest.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
            var viaDdp = await ddp.CallAsync("login", new { user = new { username = "nobody-here" }, password = "wrong password" });
            Assert.Equal(403, viaDdp.Error().GetProperty("error").GetInt32());
        }

        using var refused = await _server.Http.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { username = "nobody-here", password = "wrong password" });
        var throttled = await ddp.CallAsync("createUser", new { username = RestClient.UniqueName(), password = RestClient.Password });

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("too-many-requests", throttled.Error().Str("error"));
        Assert.InRange(throttled.Error().GetProperty("details").GetProperty("timeToReset").GetInt64(), 1, 60_000);
    }

    [Fact]
    public async Task BadTokensAreThrottledLikeBadPasswordsAndLeaveNoSessionBehind()
    {
        var grains = _server.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var before = await SessionActivationsAsync(management);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Budget + 3; i++)
        {
            using var me = await _server.Http.SendAsync(HttpMethod.Get, "/api/me", RandomToken());
            answers.Add(me.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, Budget), answers.Take(Budget));
        Assert.All(answers.Skip(Budget), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        await using var ddp = await DdpTestClient.ConnectAsync(_server.DdpUrl);
        var resume = await ddp.CallAsync("login", new { resume = RandomToken() });
        Assert.Equal("too-many-requests", resume.Error().Str("error"));

        // The guessed sessions' activations go as soon as they answered.
        for (var wait = 0; await SessionActivationsAsync(management) > before && wait < 50; wait++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(before, await SessionActivationsAsync(management));
    }

    private static async Task<int> SessionActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(statistic => statistic.GrainType.Contains("SessionGrain", StringComparison.Ordinal))
            .Sum(statistic => statistic.ActivationCount);

    private static string RandomToken() => Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray())
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
