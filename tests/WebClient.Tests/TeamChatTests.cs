using static Parley.WebClient.Tests.WebClientFixture;

namespace Parley.WebClient.Tests;

/// <summary>Direct messages, unread badges, the directory, edit, delete and leave, in two browsers.</summary>
public sealed class TeamChatTests(WebClientFixture web)
{
    [Fact]
    public async Task ADirectMessageShowsAsUnreadUntilOpenedWithANewMessagesDivider()
    {
        await using var carmenBrowser = await web.NewContextAsync(Desktop, ColorScheme.Dark);
        await using var darioBrowser = await web.NewContextAsync(Desktop);
        var carmen = await ChatPage.OpenAsync(carmenBrowser);
        var dario = await ChatPage.OpenAsync(darioBrowser);
        await carmen.RegisterAsync("carmen");
        await dario.RegisterAsync("dario");
        var seeded = await web.Server.Http.LoginAsync("carmen");
        await web.Server.Http.CreateRoomAsync(seeded.Token, "design-reviews", "Design reviews");
        await dario.BrowseAndJoinAsync("design", "Design reviews");
        await dario.OpenRoomFromListAsync("general");

        await carmen.OpenDirectAsync("dario");
        var direct = await carmen.Page.EvaluateAsync<string>("() => decodeURIComponent(location.hash.slice('#/r/'.length))");
        await carmen.SendAsync("Dario, do you have a minute?");
        await Expect(carmen.Message("do you have a minute?")).ToHaveCountAsync(1);
        await dario.Page.GetByRole(AriaRole.Button, new() { Name = "Refresh rooms" }).ClickAsync();
        await Expect(dario.UnreadBadge(direct)).ToHaveTextAsync("1");
        await carmen.SendAsync("It is about the new sidebar.");
        await Expect(dario.UnreadBadge(direct)).ToHaveTextAsync("2");
        await web.Server.Http.PostAsync(seeded.Token, "design-reviews", "Mock-ups are in the shared folder.");
        await Expect(dario.UnreadBadge("design-reviews")).ToHaveTextAsync("1");
        await Expect(dario.RoomLink(direct)).ToContainTextAsync("carmen");
        await Screenshots.SaveAsync(dario.Page, "sidebar-unread");

        await dario.RoomLink(direct).ClickAsync();
        await Expect(dario.RoomTitle).ToHaveTextAsync("carmen");
        await Expect(dario.UnreadDivider).ToHaveCountAsync(1);
        await Expect(dario.UnreadBadge(direct)).ToHaveCountAsync(0);
        await Expect(dario.Message("do you have a minute?")).ToHaveCountAsync(1);
        await dario.SendAsync("Sure, call me.");
        await Expect(carmen.Message("Sure, call me.")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(dario.Page, "direct-message");

        // Read on one device is read on the others: a second tab of dario's shows no badge.
        var secondTab = await ChatPage.OpenAsync(darioBrowser, "/#/r/general");
        await secondTab.ExpectConnectedAsync();
        await Expect(secondTab.RoomLink(direct)).ToHaveCountAsync(1);
        await Expect(secondTab.UnreadBadge(direct)).ToHaveCountAsync(0);
        await Expect(secondTab.UnreadBadge("design-reviews")).ToHaveTextAsync("1");
        Assert.Empty(carmen.ScriptErrors);
        Assert.Empty(dario.ScriptErrors);
        Assert.Empty(secondTab.ScriptErrors);
    }

    [Fact]
    public async Task MembersJoinFromTheDirectoryEditAndDeleteTheirMessagesAndLeave()
    {
        await using var gretaBrowser = await web.NewContextAsync(Desktop);
        await using var hugoBrowser = await web.NewContextAsync(Phone);
        var greta = await ChatPage.OpenAsync(gretaBrowser);
        var hugo = await ChatPage.OpenAsync(hugoBrowser);
        await greta.RegisterAsync("greta");
        await hugo.RegisterAsync("hugo");
        await greta.CreateRoomAsync("Book club", "book-club", isPrivate: false);

        await hugo.BrowseAndJoinAsync("book", "Book club", screenshot: "browse-rooms-phone");
        await Expect(greta.Notices.Filter(new() { HasText = "hugo joined." })).ToHaveCountAsync(1);
        await greta.SendAsync("Next meeting on Tuesdy");
        await Expect(hugo.Message("Next meeting on Tuesdy")).ToHaveCountAsync(1);
        await greta.EditMessageAsync("Next meeting on Tuesdy", "Next meeting on Tuesday");
        await Expect(hugo.Message("Next meeting on Tuesday (edited)")).ToHaveCountAsync(1);
        await hugo.SendAsync("Posted in the wrong room, sorry");
        await Expect(greta.Message("Posted in the wrong room")).ToHaveCountAsync(1);
        await hugo.DeleteMessageAsync("Posted in the wrong room, sorry");
        await Expect(greta.Message("This message was deleted.")).ToHaveCountAsync(1);
        await Expect(hugo.Message("This message was deleted.")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(greta.Page, "edit-and-delete");

        // The owner's page offers no Leave; a member leaves and the room goes from its list.
        await Expect(greta.Page.GetByTestId("leave")).ToBeHiddenAsync();
        await hugo.LeaveRoomAsync();
        await Expect(hugo.RoomTitle).ToHaveTextAsync("General");
        await Expect(hugo.RoomLink("book-club")).ToHaveCountAsync(0);
        await Expect(greta.Notices.Filter(new() { HasText = "hugo left." })).ToHaveCountAsync(1);
        await greta.Page.ReloadAsync();
        await greta.ExpectConnectedAsync();
        await Expect(greta.Message("Next meeting on Tuesday (edited)")).ToHaveCountAsync(1);
        await Expect(greta.Message("This message was deleted.")).ToHaveCountAsync(1);
        Assert.Empty(greta.ScriptErrors);
        Assert.Empty(hugo.ScriptErrors);
    }
}
