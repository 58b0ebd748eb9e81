using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Frontend.Tests;

/// <summary>Rate limits and CORS, each on a front-end configured for the case.</summary>
public sealed class ProtectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TooManyLoginAttemptsAreRateLimited()
    {
        await using var server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["Parley:RateLimits:AuthPermitsPerMinute"] = "3" });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await server.Http.PostAsJsonAsync("/api/auth/login", new { username = "nobody", password = "whatever1" }, Ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        await last!.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        last!.Dispose();
    }

    [Fact]
    public async Task SendingFasterThanTheLimitIsRateLimitedOverRestAndSignalR()
    {
        await using var server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:SendsPerSecond"] = "1",
            ["Parley:RateLimits:SendBurst"] = "2",
        });
        var login = await server.Http.RegisterAndLoginAsync();
        await using var chat = await ChatTestClient.ConnectAsync(server.BaseUrl, login.Token);

        // Six at once against a bucket of two that refills one per second: at least three are refused.
        var hubSends = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Outcome(() => chat.SendAsync("general", $"hub {i}"))));
        var restSends = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            server.Http.SendAsync(HttpMethod.Post, "/api/rooms/general/messages", login.Token, new { text = $"rest {i}" })));

        Assert.InRange(hubSends.Count(error => error?.StartsWith("rate_limited:", StringComparison.Ordinal) == true), 3, 6);
        var refused = restSends.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(refused.Count, 3, 6);
        await refused[0].AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        foreach (var response in restSends)
        {
            response.Dispose();
        }
    }

    private static async Task<string?> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (HubException error)
        {
            return error.Message;
        }
    }

    [Fact]
    public async Task OtherOriginsAreRefusedUnlessConfigured()
    {
        await using var closed = await ParleyServer.StartCombinedAsync();
        await using var open = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["Parley:Cors:AllowedOrigins:0"] = "http://chat.example" });

        using var refused = await PreflightAsync(closed, "http://chat.example");
        using var allowed = await PreflightAsync(open, "http://chat.example");
        using var stranger = await PreflightAsync(open, "http://evil.example");

        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(["http://chat.example"], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], allowed.Headers.GetValues("Access-Control-Allow-Credentials"));
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<HttpResponseMessage> PreflightAsync(ParleyServer server, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/rooms");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return await server.Http.SendAsync(request, Ct);
    }
}
