using System.Net;

namespace Parley.Hostile.Tests;

/// <summary>A client's budget is kept under its own address: a forwarded one counts only from a configured proxy.</summary>
public sealed class ForwardedHeadersTests
{
    private const int Budget = 2;

    [Fact]
    public async Task WithoutTrustedProxiesAForwardedAddressChangesNothing()
    {
        await using var server = await ParleyServer.StartCombinedAsync(Settings());

        var answers = await LoginFromAsync(server, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task BehindATrustedProxyEachForwardedClientHasItsOwnBudget()
    {
        var settings = Settings();
        settings["Parley:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        await using var server = await ParleyServer.StartCombinedAsync(settings);

        var answers = await LoginFromAsync(server, "203.0.113.1", "203.0.113.1", "203.0.113.1", "2001:db8::1", "2001:db8::2", "2001:db8::3");

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            answers);
    }

    private static Dictionary<string, string> Settings() => new() { ["Parley:RateLimits:AuthPermitsPerMinute"] = $"{Budget}" };

    private static async Task<List<HttpStatusCode>> LoginFromAsync(ParleyServer server, params string[] clients)
    {
        var answers = new List<HttpStatusCode>();
        foreach (var client in clients)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { username = "nobody-here", password = "wrong password" }),
            };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await server.Http.SendAsync(request, TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        return answers;
    }
}
