using System.Globalization;
using static Parley.WebClient.Tests.WebClientFixture;

namespace Parley.WebClient.Tests;

public sealed class ChattingTests(WebClientFixture web)
{
    [Fact]
    public async Task TwoUsersInTwoBrowsersChatBothWaysInAPrivateRoom()
    {
        await using var aliceBrowser = await web.NewContextAsync(Desktop);
        await using var bobBrowser = await web.NewContextAsync(Phone, ColorScheme.Dark);
        var alice = await ChatPage.OpenAsync(aliceBrowser);
        var bob = await ChatPage.OpenAsync(bobBrowser);
        await Screenshots.SaveAsync(bob.Page, "sign-in-phone");
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");

        await alice.CreateRoomAsync("Weekend plans", "weekend-plans", isPrivate: true, screenshot: "create-room-dialog");
        await alice.InviteAsync("bob");
        await bob.OpenRoomFromListAsync("weekend-plans", screenshot: "rooms-phone");
        await Expect(bob.RoomTitle).ToHaveTextAsync("Weekend plans");
        await Expect(alice.Presence).ToContainTextAsync("bob");

        await bob.TypeAsync("Hi Al");
        await Expect(alice.Typing).ToHaveTextAsync("bob is typing…");
        await bob.SendAsync("Hi Alice! Hiking on Saturday?");
        await Expect(alice.Message("Hi Alice! Hiking on Saturday?")).ToHaveCountAsync(1);
        await Expect(alice.Typing).ToBeEmptyAsync();
        await alice.SendAsync("Yes! Let's take the ridge trail and have lunch at the lake.");
        await Expect(bob.Message("Let's take the ridge trail")).ToHaveCountAsync(1);
        await bob.SendAsync("Perfect. I'll bring sandwiches, you bring the map?");
        await Expect(alice.Message("you bring the map?")).ToHaveCountAsync(1);
        await alice.SendAsync("Deal. Meet at the trailhead at 8.");

        foreach (var page in new[] { alice, bob })
        {
            await Expect(page.Messages).ToHaveCountAsync(4);
            Assert.Equal(["1", "2", "3", "4"], await page.ShownSeqsAsync());
        }

        // A reload resumes the session in the same room, with its history.
        await alice.Page.ReloadAsync();
        await alice.ExpectConnectedAsync();
        await Expect(alice.RoomTitle).ToHaveTextAsync("Weekend plans");
        await Expect(alice.Messages).ToHaveCountAsync(4);
        await Expect(alice.Presence).ToContainTextAsync("bob");
        await bob.TypeAsync("See you th");
        await Expect(alice.Typing).ToHaveTextAsync("bob is typing…");
        await Screenshots.SaveAsync(alice.Page, "chat-desktop");
        await Screenshots.SaveAsync(bob.Page, "chat-phone");
        Assert.Empty(alice.ScriptErrors);
        Assert.Empty(bob.ScriptErrors);
    }

    [Fact]
    public async Task APageOnMessagePackChatsWithAPageOnJson()
    {
        await using var jsonBrowser = await web.NewContextAsync(Desktop);
        await using var packedBrowser = await web.NewContextAsync(Desktop);
        var pia = await ChatPage.OpenAsync(jsonBrowser);
        var packedPage = await packedBrowser.NewPageAsync();
        var quinn = new ChatPage(packedPage);
        var sockets = await HubSockets.RouteAsync(packedPage);
        await packedPage.GotoAsync("/?protocol=messagepack");
        await pia.RegisterAsync("pia");
        await quinn.RegisterAsync("quinn");

        await pia.CreateRoomAsync("Packed", "packed", isPrivate: true);
        await pia.InviteAsync("quinn");
        await quinn.OpenRoomFromListAsync("packed");
        await pia.SendAsync("Sent as JSON");
        await Expect(quinn.Message("Sent as JSON")).ToHaveCountAsync(1);
        await quinn.SendAsync("Sent as MessagePack ✓");
        await Expect(pia.Message("Sent as MessagePack ✓")).ToHaveCountAsync(1);
        await quinn.TypeAsync("Still th");
        await Expect(pia.Typing).ToHaveTextAsync("quinn is typing…");

        Assert.Equal("messagepack", sockets[0].Protocol);
        Assert.True(sockets[0].BinaryFrames > 0);
        Assert.Equal(["1", "2"], await quinn.ShownSeqsAsync());
        Assert.Empty(pia.ScriptErrors);
        Assert.Empty(quinn.ScriptErrors);
    }

    [Fact]
    public async Task ScrollingUpLoadsOlderMessagesPageByPage()
    {
        var http = web.Server.Http;
        var maya = await http.RegisterAndLoginAsync("maya");
        await http.CreateRoomAsync(maya.Token, "archive", "Archive");
        for (var i = 1; i <= 120; i++)
        {
            await http.PostAsync(maya.Token, "archive", $"Note number {i:000}");
        }

        await using var browser = await web.NewContextAsync(Desktop);
        var noah = await ChatPage.OpenAsync(browser, "/#/r/archive");
        await noah.RegisterAsync("noah");
        await Expect(noah.Messages).ToHaveCountAsync(50);
        await Expect(noah.Messages.First).ToContainTextAsync("Note number 071");

        var list = noah.Page.GetByTestId("messages");
        var edge = noah.Page.GetByTestId("history-edge");
        foreach (var expected in new[] { 100, 120 })
        {
            await list.EvaluateAsync("list => list.scrollTop = 0");
            await Expect(noah.Messages).ToHaveCountAsync(expected);
            await Expect(edge).Not.ToHaveAttributeAsync("data-state", "loading");
        }

        await Expect(edge).ToHaveAttributeAsync("data-state", "start");
        Assert.Equal(Enumerable.Range(1, 120).Select(seq => seq.ToString(CultureInfo.InvariantCulture)), await noah.ShownSeqsAsync());
        await list.EvaluateAsync("list => list.scrollTop = 0");
        await Expect(noah.Messages.First).ToBeInViewportAsync();
        await Expect(noah.Messages.First).ToContainTextAsync("Note number 001");
        await Screenshots.SaveAsync(noah.Page, "history-start");
        Assert.Empty(noah.ScriptErrors);
    }
}
