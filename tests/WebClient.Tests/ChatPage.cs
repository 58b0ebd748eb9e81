namespace Parley.WebClient.Tests;

/// <summary>The web client as a person uses it: what they click and type, and what they see.</summary>
internal sealed class ChatPage
{
    private readonly IPage _page;
    private readonly List<string> _scriptErrors = [];

    public ChatPage(IPage page)
    {
        _page = page;
        page.PageError += (_, error) =>
        {
            lock (_scriptErrors)
            {
                _scriptErrors.Add(error);
            }
        };
    }

    public IPage Page => _page;

    /// <summary>Uncaught exceptions of the page's scripts; a test ends by asserting there were none.</summary>
    public IReadOnlyList<string> ScriptErrors
    {
        get
        {
            lock (_scriptErrors)
            {
                return [.. _scriptErrors];
            }
        }
    }

    public ILocator Messages => _page.GetByTestId("message");

    public ILocator ConnectionState => _page.GetByTestId("connection-state");

    public ILocator RoomTitle => _page.GetByTestId("room-title");

    public ILocator Presence => _page.GetByTestId("presence-list");

    public ILocator Typing => _page.GetByTestId("typing");

    public ILocator AuthNotice => _page.GetByTestId("auth-notice");

    public ILocator SignInForm => _page.Locator("form.auth-form");

    public static async Task<ChatPage> OpenAsync(IBrowserContext context, string path = "/")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return new ChatPage(page);
    }

    public ILocator Message(string text) => Messages.Filter(new() { HasText = text });

    public async Task RegisterAsync(string username)
    {
        await _page.GetByRole(AriaRole.Tab, new() { Name = "Create account" }).ClickAsync();
        await SubmitCredentialsAsync(username);
    }

    public Task SignInAsync(string username) => SubmitCredentialsAsync(username);

    public Task ExpectConnectedAsync() => Expect(ConnectionState).ToHaveAttributeAsync("data-state", "connected");

    public async Task CreateRoomAsync(string name, string roomId, bool isPrivate, string? screenshot = null)
    {
        await _page.GetByTestId("new-room").ClickAsync();
        var dialog = _page.GetByTestId("create-room-dialog");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Room id").FillAsync(roomId);
        await dialog.Locator("#room-private").SetCheckedAsync(isPrivate);
        if (screenshot is not null)
        {
            await Screenshots.SaveAsync(_page, screenshot);
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create room" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(RoomTitle).ToHaveTextAsync(name);
    }

    public async Task InviteAsync(string username)
    {
        await _page.GetByTestId("invite").ClickAsync();
        var dialog = _page.GetByTestId("invite-dialog");
        await dialog.GetByLabel("Username").FillAsync(username);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>On a phone the room list is a drawer behind the menu button.</summary>
    public async Task OpenNavigationAsync()
    {
        var menu = _page.GetByRole(AriaRole.Button, new() { Name = "Rooms", Exact = true });
        if (await menu.IsVisibleAsync())
        {
            await menu.ClickAsync();
        }
    }

    /// <summary>Refreshes the room list and opens a room from it; on a phone through the menu.</summary>
    public async Task OpenRoomFromListAsync(string roomId, string? screenshot = null)
    {
        await OpenNavigationAsync();

        await _page.GetByRole(AriaRole.Button, new() { Name = "Refresh rooms" }).ClickAsync();
        var link = _page.Locator($"a.room-link[data-room-id='{roomId}']");
        if (screenshot is not null)
        {
            await Expect(link).ToBeInViewportAsync();
            await Screenshots.SaveAsync(_page, screenshot);
        }

        await link.ClickAsync();
        await Expect(_page.Locator($"a.room-link[data-room-id='{roomId}']")).ToHaveAttributeAsync("aria-current", "page");
    }

    public ILocator RoomLink(string roomId) => _page.Locator($"a.room-link[data-room-id='{roomId}']");

    public ILocator UnreadBadge(string roomId) => RoomLink(roomId).GetByTestId("unread-badge");

    public ILocator Notices => _page.GetByTestId("notice");

    public ILocator UnreadDivider => _page.GetByTestId("unread-divider");

    public async Task OpenDirectAsync(string username)
    {
        await OpenNavigationAsync();
        await _page.GetByTestId("new-direct").ClickAsync();
        var dialog = _page.GetByTestId("direct-dialog");
        await dialog.GetByLabel("Username").FillAsync(username);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Open conversation" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(RoomTitle).ToHaveTextAsync(username);
    }

    public async Task BrowseAndJoinAsync(string query, string roomName, string? screenshot = null)
    {
        await OpenNavigationAsync();
        await _page.GetByTestId("browse-rooms").ClickAsync();
        var dialog = _page.GetByTestId("browse-dialog");
        await dialog.GetByLabel("Search rooms").FillAsync(query);
        var room = dialog.Locator(".directory-room").Filter(new() { HasText = roomName });
        await Expect(room).ToHaveCountAsync(1);
        await Expect(dialog.Locator(".directory-room").Filter(new() { HasNotText = query })).ToHaveCountAsync(0);
        if (screenshot is not null)
        {
            await Screenshots.SaveAsync(_page, screenshot);
        }

        await room.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(RoomTitle).ToHaveTextAsync(roomName);
    }

    public async Task EditMessageAsync(string text, string newText)
    {
        var message = Message(text);
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        var dialog = _page.GetByTestId("edit-dialog");
        await dialog.GetByLabel("Message").FillAsync(newText);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    public async Task DeleteMessageAsync(string text)
    {
        var message = Message(text);
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await _page.GetByTestId("delete-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(_page.GetByTestId("delete-dialog")).ToHaveCountAsync(0);
    }

    public async Task LeaveRoomAsync()
    {
        await _page.GetByTestId("leave").ClickAsync();
        await _page.GetByTestId("leave-dialog").GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Expect(_page.GetByTestId("leave-dialog")).ToHaveCountAsync(0);
    }

    public Task TypeAsync(string text) => _page.GetByTestId("composer").PressSequentiallyAsync(text);

    public async Task SendAsync(string text)
    {
        var composer = _page.GetByTestId("composer");
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
    }

    public async Task SignOutAsync()
    {
        await _page.Locator("summary.user-chip").ClickAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
    }

    public Task<string[]> ShownSeqsAsync() => Messages.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.seq)");

    private async Task SubmitCredentialsAsync(string username)
    {
        await SignInForm.GetByLabel("Username").FillAsync(username);
        await SignInForm.GetByLabel("Password").FillAsync(RestClient.Password);
        await SignInForm.Locator("button[type=submit]").ClickAsync();
        await ExpectConnectedAsync();
    }
}
