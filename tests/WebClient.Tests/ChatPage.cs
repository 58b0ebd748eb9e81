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

    /// <summary>Refreshes the room list and opens a room from it; on a phone through the menu.</summary>
    public async Task OpenRoomFromListAsync(string roomId, string? screenshot = null)
    {
        var menu = _page.GetByRole(AriaRole.Button, new() { Name = "Rooms", Exact = true });
        if (await menu.IsVisibleAsync())
        {
            await menu.ClickAsync();
        }

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
