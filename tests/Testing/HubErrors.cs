using Microsoft.AspNetCore.SignalR;

namespace Parley.Testing;

public static class HubErrors
{
    /// <summary>Fails unless <paramref name="call"/> is refused with a hub error whose code is <paramref name="code"/>.</summary>
    public static async Task AssertHubErrorAsync(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        Assert.StartsWith(code + ":", error.Message.Split("HubException: ")[^1], StringComparison.Ordinal);
    }
}
