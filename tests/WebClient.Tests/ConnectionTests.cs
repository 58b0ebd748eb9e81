using static Parley.WebClient.Tests.WebClientFixture;

namespace Parley.WebClient.Tests;

public sealed class ConnectionTests(WebClientFixture web)
{
    [Fact]
    public async Task AMessageSentWhileAPageIsOfflineAppearsOnceAfterItReconnects()
    {
        var http = web.Server.Http;
        var dave = await http.RegisterAndLoginAsync("dave");
        await http.CreateRoomAsync(dave.Token, "ops", "Ops");
        await http.PostAsync(dave.Token, "ops", "Deploy starts at noon");

        await using var browser = await web.NewContextAsync(Desktop);
        var page = await browser.NewPageAsync();
        var erin = new ChatPage(page);
        var sockets = await HubSockets.RouteAsync(page);
        await page.GotoAsync("/#/r/ops");
        await erin.RegisterAsync("erin");
        await Expect(erin.Messages).ToHaveCountAsync(1);

        await browser.SetOfflineAsync(true);
        await sockets[0].CutAsync();
        await Expect(erin.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");
        await http.PostAsync(dave.Token, "ops", "Deploy moved to 2pm");
        await Screenshots.SaveAsync(page, "reconnecting");
        await Expect(erin.Messages).ToHaveCountAsync(1);

        await browser.SetOfflineAsync(false);
        await erin.ExpectConnectedAsync();
        await Expect(erin.Message("Deploy moved to 2pm")).ToHaveCountAsync(1);
        await http.PostAsync(dave.Token, "ops", "Deploy done");
        await Expect(erin.Message("Deploy done")).ToHaveCountAsync(1);

        // Each message once, in order; delivered in seq order, so a duplicate would have come before "done".
        Assert.Equal(["1", "2", "3"], await erin.ShownSeqsAsync());
        // The first socket subscribed afresh; the new one resubscribed with the last seq the page saw.
        Assert.Equal(2, sockets.Count);
        Assert.Contains(("Subscribe", """["ops"]"""), sockets[0].Invocations);
        Assert.Contains(("Subscribe", """["ops",1]"""), sockets[1].Invocations);
        await Screenshots.SaveAsync(page, "reconnected");
        Assert.Empty(erin.ScriptErrors);
    }

    [Fact]
    public async Task SigningOutInOneTabEndsTheSessionInTheUsersOtherTab()
    {
        await using var browser = await web.NewContextAsync(Desktop);
        var first = await ChatPage.OpenAsync(browser);
        await first.RegisterAsync("carol");

        // A second tab of the same browser resumes the stored session without signing in.
        var second = await ChatPage.OpenAsync(browser);
        await second.ExpectConnectedAsync();
        await Expect(second.Page.GetByTestId("current-user")).ToHaveTextAsync("carol");

        await first.SignOutAsync();
        await Expect(first.SignInForm).ToBeVisibleAsync();
        await Expect(second.AuthNotice).ToHaveTextAsync("You were signed out in another tab or on another device.");
        await Expect(second.SignInForm).ToBeVisibleAsync();
        await Screenshots.SaveAsync(second.Page, "signed-out-elsewhere");

        // The ended session stays ended: reloading does not bring it back.
        await second.Page.ReloadAsync();
        await Expect(second.SignInForm).ToBeVisibleAsync();
        Assert.Empty(first.ScriptErrors);
        Assert.Empty(second.ScriptErrors);
    }
}
