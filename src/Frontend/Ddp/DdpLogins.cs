using System.Net.WebSockets;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Ddp;

/// <summary>
/// Who is logged in on one DDP connection. Each login is a <see cref="ChatConnection"/> registered
/// with <see cref="ChatConnections"/>, so a logout anywhere (REST, SignalR, another DDP
/// connection, any front-end) reaches it. When that happens the client gets what a Meteor
/// server does when a login token disappears: its user document is <c>removed</c> and the
/// connection is closed (the close reason says why: <c>session ended: logout</c>).
/// </summary>
internal sealed class DdpLogins(string sessionId, DdpSocket socket, ChatsPublication chats, ChatConnections connections, IGrainFactory grains)
{
    private readonly Lock _lock = new();
    private ChatConnection? _current;
    private bool _ended;
    private int _logins;

    /// <summary>The logged-in user's connection, or null (never logged in, logged out, or session ended).</summary>
    public ChatConnection? Current
    {
        get
        {
            lock (_lock)
            {
                return _ended ? null : _current;
            }
        }
    }

    /// <summary>
    /// Makes a verified session this connection's login: registers it, publishes the user
    /// document and reruns the subscriptions for the user. A resumed session is checked again
    /// once registered, so a logout that raced with this login cannot leave it open.
    /// </summary>
    public async Task LogInAsync(SessionInfo session, bool resumed)
    {
        var login = new ChatConnection(
            $"ddp:{sessionId}:{Interlocked.Increment(ref _logins)}", session.User, session.SessionKey, session.ExpiresAt, new DdpPeer(this, chats));
        bool valid;
        try
        {
            await connections.AddAsync(login);
            valid = !resumed || await grains.GetSession(session.SessionKey).ValidateAsync() is not null;
        }
        catch
        {
            connections.Remove(login);
            throw;
        }

        if (!valid)
        {
            connections.Remove(login);
            throw DdpCredentials.LoggedOut();
        }

        ChatConnection? previous;
        lock (_lock)
        {
            if (_ended)
            {
                connections.Remove(login);
                throw new ParleyException(ParleyErrorCode.Unavailable, "the connection is closing");
            }

            previous = _current;
            _current = login;
            if (previous?.User.UserId != session.User.UserId)
            {
                if (previous is not null)
                {
                    socket.Send(DdpFrames.Removed(DdpFrames.UsersCollection, previous.User.UserId));
                }

                socket.Send(DdpFrames.UserAdded(session.User));
            }
        }

        if (previous is not null)
        {
            connections.Remove(previous);
        }

        await chats.RerunAsync(previous, login);
    }

    /// <summary>
    /// Ends this connection's session everywhere. The connection itself stays open and logged
    /// out, as Meteor's <c>logout</c> leaves it: it stops listening for the session's end first,
    /// so its own logout does not close it.
    /// </summary>
    public async Task LogOutAsync()
    {
        var current = Current;
        if (current is null)
        {
            return;
        }

        connections.Remove(current);
        try
        {
            await grains.GetUser(current.User.UserId).EndSessionAsync(current.SessionKey, SessionEndReason.Logout);
        }
        catch
        {
            await connections.AddAsync(current);
            throw;
        }

        lock (_lock)
        {
            if (_current != current)
            {
                return;
            }

            _current = null;
            socket.Send(DdpFrames.Removed(DdpFrames.UsersCollection, current.User.UserId));
        }

        await chats.RerunAsync(current, null);
    }

    /// <summary>The socket is gone: unregister without telling the client anything.</summary>
    public async Task DetachAsync(RoomFeeds feeds)
    {
        ChatConnection? current;
        lock (_lock)
        {
            current = _current;
            _current = null;
            _ended = true;
        }

        chats.Clear();
        if (current is not null)
        {
            connections.Remove(current);
            await feeds.UnsubscribeAllAsync(current);
        }
    }

    public void OnSessionEnded(DdpPeer peer, string reason)
    {
        lock (_lock)
        {
            if (_ended || _current?.Peer != peer)
            {
                return; // a login this connection already left
            }

            _ended = true;
            socket.Send(DdpFrames.Removed(DdpFrames.UsersCollection, _current.User.UserId));
        }

        socket.Close(WebSocketCloseStatus.NormalClosure, $"session ended: {reason}");
    }

    /// <summary>Closing is already under way when the session ended; anything else asking to abort a current login closes too.</summary>
    public void OnAbort(DdpPeer peer)
    {
        lock (_lock)
        {
            if (_current?.Peer != peer)
            {
                return;
            }

            _ended = true;
        }

        socket.Close(WebSocketCloseStatus.NormalClosure, "session ended");
    }
}
