using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>
/// Logging a DDP connection in and out. The login is the core connection's, registered with
/// <see cref="ConnectionRegistry"/>, so a logout anywhere (REST, SignalR, another DDP connection,
/// any front-end) reaches it: the client then gets what a Meteor server does when a login token
/// disappears, its user document <c>removed</c> and the connection closed (the close reason says
/// why: <c>session ended: logout</c>).
/// </summary>
internal sealed class DdpLogins(ClientConnection connection, ConnectionRegistry connections, ChatsSubscriptions chats, RoomFeeds feeds, IGrainFactory grains)
{
    /// <summary>
    /// Makes a verified session this connection's login, publishes the user document and reruns
    /// the subscriptions for the user. A session that ended meanwhile (a logout racing this
    /// login) fails the login and leaves the connection logged out.
    /// </summary>
    public async Task LogInAsync(SessionInfo session)
    {
        await LeaveFeedsAsync(connection.Login);
        if (await connections.SignInAsync(connection, session) is not null)
        {
            await ShowAsync(null);
            throw DdpCredentials.LoggedOut();
        }

        await ShowAsync(session.User);
    }

    /// <summary>
    /// Ends this connection's session everywhere. The connection itself stays open and logged
    /// out, as Meteor's <c>logout</c> leaves it: it signs out here first, so the session's end
    /// does not close it.
    /// </summary>
    public async Task LogOutAsync()
    {
        if (connections.SignOut(connection) is not { } login)
        {
            return;
        }

        try
        {
            await grains.GetUser(login.User.UserId).EndSessionAsync(login.SessionKey, SessionEndReason.Logout);
        }
        catch
        {
            await connections.SignInAsync(connection, login);
            throw;
        }

        await LeaveFeedsAsync(login);
        await ShowAsync(null);
    }

    private async Task ShowAsync(UserProfile? user)
    {
        connection.Push(new UserDocumentChanged(user));
        await chats.RerunAsync();
    }

    /// <summary>The previous login's room subscriptions end before the next login's start.</summary>
    private async Task LeaveFeedsAsync(SessionInfo? previous)
    {
        if (previous is not null)
        {
            await feeds.UnsubscribeAllAsync(connection);
        }
    }
}
