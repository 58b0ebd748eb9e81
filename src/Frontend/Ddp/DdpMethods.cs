using System.Text.Json;
using Parley.Frontend.Auth;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Ddp;

/// <summary>
/// The methods of DDP API v1: <c>login</c>, <c>createUser</c>, <c>logout</c>, <c>addChat</c>,
/// <c>createRoom</c>; and of its additions: rooms and the directory, direct conversations,
/// membership and roles, edits and deletions, read state (see docs/api.md). Every call is answered with <c>result</c> (a value or a Meteor error), then
/// <c>updated</c>; a chat the caller subscribes to is <c>added</c> before both.
/// </summary>
internal sealed partial class DdpMethods(
    ClientConnection connection,
    DdpLogins logins,
    DdpCredentials credentials,
    MessageSender sender,
    RoomCatalog rooms,
    ClientId client,
    ParleyMetrics metrics,
    ILogger logger)
{
    /// <summary>Handles a well-formed <c>method</c> message (string id and method, params an array or absent).</summary>
    public async Task CallAsync(string id, string method, DdpMessage message)
    {
        // Meteor's own accounts methods fail the way Meteor's do; Parley's methods with Parley's codes.
        (Func<DdpMessage, Task<Action<Utf8JsonWriter>?>> Run, Func<Exception, DdpError> Failure)? handler = method switch
        {
            "login" => (m => LogInAsync(m.Param(0)), MeteorAccountsErrors.From),
            "createUser" => (m => CreateUserAsync(m.Param(0)), MeteorAccountsErrors.From),
            "logout" => (_ => LogOutAsync(), DdpError.From),
            "addChat" => (AddChatAsync, DdpError.From),
            "createRoom" => (m => CreateRoomAsync(m.Param(0)), DdpError.From),
            "listRooms" => (_ => Answer(async user => await rooms.ListMineAsync(user)), DdpError.From),
            "searchRooms" => (m => Answer(m, "searchRooms", (user, o) => rooms.SearchAsync(DdpArgs.String(o, "query"), DdpArgs.String(o, "cursor"), DdpArgs.Integer(o, "limit", 1, ApiLimits.MaxDirectoryPage))), DdpError.From),
            "openDirect" => (m => Answer(m, "openDirect", (user, o) => rooms.OpenDirectAsync(user, DdpArgs.String(o, "username"))), DdpError.From),
            "joinRoom" => (m => Answer(m, "joinRoom", (user, o) => rooms.JoinAsync(user, DdpArgs.String(o, "roomId"))), DdpError.From),
            "leaveRoom" => (m => Done(m, "leaveRoom", (user, o) => rooms.LeaveAsync(user, DdpArgs.String(o, "roomId"))), DdpError.From),
            "inviteToRoom" => (m => Done(m, "inviteToRoom", (user, o) => rooms.InviteAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.String(o, "username"))), DdpError.From),
            "getMembers" => (m => Answer(m, "getMembers", (user, o) => rooms.GetMembersAsync(user, DdpArgs.String(o, "roomId"))), DdpError.From),
            "removeMember" => (m => Done(m, "removeMember", (user, o) => rooms.RemoveMemberAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.String(o, "userId"))), DdpError.From),
            "setRole" => (m => Done(m, "setRole", (user, o) => rooms.SetRoleAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.String(o, "userId"), DdpArgs.Role(o, "role"))), DdpError.From),
            "updateRoom" => (m => Answer(m, "updateRoom", (user, o) => rooms.UpdateAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.String(o, "name"), DdpArgs.String(o, "topic"))), DdpError.From),
            "editChat" => (m => Answer(m, "editChat", (user, o) => rooms.EditAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.Long(o, "seq", 1), DdpArgs.String(o, "text"))), DdpError.From),
            "deleteChat" => (m => Done(m, "deleteChat", (user, o) => rooms.DeleteAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.Long(o, "seq", 1))), DdpError.From),
            "markRead" => (m => Answer(m, "markRead", (user, o) => rooms.MarkReadAsync(user, DdpArgs.String(o, "roomId"), DdpArgs.Long(o, "seq", 0))), DdpError.From),
            _ => null,
        };

        if (handler is not { } known)
        {
            Reply(DdpFrames.Result(id, DdpError.NotFound($"Method '{method}' not found")));
        }
        else
        {
            try
            {
                Reply(DdpFrames.Result(id, await known.Run(message)));
            }
            catch (Exception exception)
            {
                var error = known.Failure(exception);
                metrics.Refused(error.ParleyCode ?? ParleyErrorCode.Internal, "ddp");
                if (error.ParleyCode == ParleyErrorCode.Unavailable)
                {
                    LogMethodUnavailable(method, exception.Message);
                }
                else if (error.IsServerFault)
                {
                    LogMethodFailed(exception, method);
                }

                Reply(DdpFrames.Result(id, error));
            }
        }

        Reply(DdpFrames.Updated(id));
    }

    private async Task<Action<Utf8JsonWriter>?> LogInAsync(JsonElement argument)
    {
        var (session, token, resumed) = await credentials.LogInAsync(argument, client);
        await logins.LogInAsync(session);
        return LoginResult(session, token, resumed ? "resume" : "password");
    }

    private async Task<Action<Utf8JsonWriter>?> CreateUserAsync(JsonElement argument)
    {
        var (session, token) = await credentials.CreateUserAsync(argument, client);
        await logins.LogInAsync(session);
        return LoginResult(session, token, "password");
    }

    private async Task<Action<Utf8JsonWriter>?> LogOutAsync()
    {
        await logins.LogOutAsync();
        return null;
    }

    /// <summary><c>addChat [{roomId?, text, clientMessageId?}]</c> (or just <c>[text]</c>) → the new message's id.</summary>
    private async Task<Action<Utf8JsonWriter>?> AddChatAsync(DdpMessage message)
    {
        var login = connection.Login ?? throw NotLoggedIn();
        var argument = message.Param(0);
        string? roomId = null, text, clientMessageId = null;
        if (argument.ValueKind == JsonValueKind.String)
        {
            text = argument.GetString();
        }
        else
        {
            var options = DdpArgs.Options(argument, "addChat");
            roomId = DdpArgs.String(options, "roomId");
            text = DdpArgs.String(options, "text");
            clientMessageId = DdpArgs.String(options, "clientMessageId");
        }

        // A Meteor client resends an unanswered method after a reconnect with the same randomSeed:
        // as the idempotency key it keeps that retry from posting twice.
        if (clientMessageId is null && message.String("randomSeed") is { Length: <= ApiLimits.MaxClientMessageIdLength } seed)
        {
            clientMessageId = seed;
        }

        // The echo puts the message's added before this result in the connection's queue, as Meteor's write fence orders them.
        var sent = await sender.SendAsync(login.User, roomId ?? RoomId.General.Value, text, clientMessageId, connection);
        return w => w.WriteStringValue(sent.MessageId);
    }

    /// <summary><c>createRoom [{roomId, name?, isPrivate?}]</c> → <c>{roomId, name, isPrivate, latestSeq}</c>.</summary>
    private async Task<Action<Utf8JsonWriter>?> CreateRoomAsync(JsonElement argument)
    {
        var login = connection.Login ?? throw NotLoggedIn();
        var options = DdpArgs.Options(argument, "createRoom");
        var room = await rooms.CreateAsync(login.User, DdpArgs.String(options, "roomId"), DdpArgs.String(options, "name"), DdpArgs.Boolean(options, "isPrivate"));
        return w =>
        {
            w.WriteStartObject();
            w.WriteString("roomId", room.RoomId);
            w.WriteString("name", room.Name);
            w.WriteBoolean("isPrivate", room.IsPrivate);
            w.WriteNumber("latestSeq", room.LatestSeq);
            w.WriteEndObject();
        };
    }

    /// <summary>A method of the additions that answers a value: <c>[{…options}]</c> from a logged-in user.</summary>
    private async Task<Action<Utf8JsonWriter>?> Answer<T>(DdpMessage message, string method, Func<UserProfile, JsonElement?, Task<T>> run)
    {
        var login = connection.Login ?? throw NotLoggedIn();
        return DdpJson.Result(await run(login.User, DdpArgs.Options(message.Param(0), method)));
    }

    private async Task<Action<Utf8JsonWriter>?> Answer<T>(Func<UserProfile, Task<T>> run)
    {
        var login = connection.Login ?? throw NotLoggedIn();
        return DdpJson.Result(await run(login.User));
    }

    /// <summary>A method of the additions that answers nothing (<c>result</c> without a value).</summary>
    private async Task<Action<Utf8JsonWriter>?> Done(DdpMessage message, string method, Func<UserProfile, JsonElement?, Task> run)
    {
        var login = connection.Login ?? throw NotLoggedIn();
        await run(login.User, DdpArgs.Options(message.Param(0), method));
        return null;
    }

    /// <summary>What Meteor's login methods return: <c>{id, token, tokenExpires: {$date}, type}</c>.</summary>
    private static Action<Utf8JsonWriter> LoginResult(SessionInfo session, string token, string type) => w =>
    {
        w.WriteStartObject();
        w.WriteString("id", session.User.UserId);
        w.WriteString("token", token);
        Ejson.WriteDate(w, "tokenExpires", session.ExpiresAt);
        w.WriteString("type", type);
        w.WriteEndObject();
    };

    private void Reply(string frame) => connection.Push(new DdpFrame(frame));

    private static ParleyException NotLoggedIn() => new(ParleyErrorCode.Unauthorized, "log in first");

    [LoggerMessage(Level = LogLevel.Warning, Message = "DDP method {Method} answered unavailable: {Reason}")]
    private partial void LogMethodUnavailable(string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "DDP method {Method} failed")]
    private partial void LogMethodFailed(Exception exception, string method);
}
