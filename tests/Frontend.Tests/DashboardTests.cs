using System.Net;

namespace Parley.Frontend.Tests;

public sealed class DashboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheOrleansDashboardIsServedOnlyWhenEnabled()
    {
        await using var plain = await ParleyServer.StartCombinedAsync();
        await using var withDashboard = await ParleyServer.StartCombinedAsync(new Dictionary<string, string> { ["Parley:Dashboard:Enabled"] = "true" });

        using var absent = await plain.Http.GetAsync("/dashboard/", Ct);
        using var present = await withDashboard.Http.GetAsync("/dashboard/", Ct);

        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, present.StatusCode);
        Assert.Contains("<html", await present.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }
}
