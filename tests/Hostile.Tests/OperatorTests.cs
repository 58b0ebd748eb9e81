using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Parley.Hostile.Tests;

/// <summary>What only an operator may see, and what the web client's pages are protected with.</summary>
public sealed class OperatorTests
{
    private const string Token = "operator-secret-for-tests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDashboardAndProtectedMetricsAnswerOnlyTheOperatorsToken()
    {
        await using var server = await ParleyServer.StartCombinedAsync(new Dictionary<string, string>
        {
            ["Parley:Dashboard:Enabled"] = "true",
            ["Parley:Operator:Token"] = Token,
            ["Parley:Operator:ProtectMetrics"] = "true",
        });

        using var anonymous = await server.Http.GetAsync("/dashboard/", Ct);
        using var wrong = await GetAsync(server, "/dashboard/", new AuthenticationHeaderValue("Bearer", "guess"));
        using var bearer = await GetAsync(server, "/dashboard/", new AuthenticationHeaderValue("Bearer", Token));
        using var basic = await GetAsync(server, "/metrics", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{Token}"))));
        using var metrics = await server.Http.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
    }

    [Fact]
    public async Task TheWebClientIsServedWithAPolicyThatAllowsOnlyItsOwnOrigin()
    {
        await using var server = await ParleyServer.StartCombinedAsync();

        using var page = await server.Http.GetAsync("/", Ct);

        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    private static async Task<HttpResponseMessage> GetAsync(ParleyServer server, string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await server.Http.SendAsync(request, Ct);
    }
}
