using System.Net;
using Parley.Frontend.Services;

namespace Parley.Frontend.Tests.Services;

/// <summary>The operator's <c>service-key</c> command: what it prints admits the key it prints, and nothing else.</summary>
public sealed class ServiceKeyCommandTests
{
    [Fact]
    public async Task ThePrintedSettingsAdmitThePrintedKeyWithItsScopes()
    {
        var (exitCode, output) = Run("reports", "--scopes", "users:read");
        var key = output.Single(line => line.StartsWith("Key", StringComparison.Ordinal)).Split(": ")[1];
        var settings = output.Where(line => line.StartsWith("Parley__", StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Replace("__", ":", StringComparison.Ordinal), pair => pair[1].Trim('"'));

        await using var server = await ParleyServer.StartCombinedAsync(settings);
        var alice = await server.Http.RegisterAndLoginAsync();
        using var allowed = await server.Http.SendAsync(HttpMethod.Get, $"/api/server/users/{alice.Username}", key);
        using var notInScope = await server.Http.SendAsync(HttpMethod.Post, "/api/server/rooms/general/messages", key, new { text = "hi" });

        Assert.Equal(0, exitCode);
        Assert.StartsWith("psk.reports.", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await notInScope.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("Bad Name", "users:read")]
    [InlineData("reports", "everything")]
    public void ABadNameOrScopeIsRefused(string name, string scope) =>
        Assert.Equal(2, Run(name, "--scopes", scope).ExitCode);

    private static (int ExitCode, string[] Output) Run(params string[] args)
    {
        var previous = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var exitCode = ServiceKeyCommand.Run(args);
            return (exitCode, captured.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
