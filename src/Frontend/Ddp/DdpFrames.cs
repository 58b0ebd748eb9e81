using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Ddp;

/// <summary>The server → client messages of DDP 1, each serialized to one text frame.</summary>
internal static class DdpFrames
{
    public const string ChatsCollection = "chats";

    public const string RoomEventsCollection = "room_events";

    public const string ReadStateCollection = "read_state";
    public const string UsersCollection = "users";

    /// <summary>Meteor writes non-ASCII text as is; frames are never embedded in HTML.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Fan-out hands the same message object to every DDP connection subscribed to its room on
    /// this front-end: serialize its <c>added</c> frame once, not once per connection.
    /// </summary>
    private static readonly ConditionalWeakTable<ChatMessage, string> AddedChats = [];

    public static string Ping { get; } = Write(w => w.WriteString("msg", "ping"));

    public static string Connected(string session) => Write(w =>
    {
        w.WriteString("msg", "connected");
        w.WriteString("session", session);
    });

    public static string Failed(string version) => Write(w =>
    {
        w.WriteString("msg", "failed");
        w.WriteString("version", version);
    });

    /// <summary>Echoes the ping's id when it had one, as Meteor does.</summary>
    public static string Pong(JsonElement? id) => Write(w =>
    {
        w.WriteString("msg", "pong");
        if (id is { } value)
        {
            w.WritePropertyName("id");
            value.WriteTo(w);
        }
    });

    /// <summary>A connection-level error, not tied to a method: <c>{msg:"error", reason, offendingMessage?}</c>.</summary>
    public static string Error(string reason, JsonElement? offendingMessage = null) => Write(w =>
    {
        w.WriteString("msg", "error");
        w.WriteString("reason", reason);
        if (offendingMessage is { } offending)
        {
            w.WritePropertyName("offendingMessage");
            offending.WriteTo(w);
        }
    });

    /// <summary>A method's result; <paramref name="writeResult"/> null means no <c>result</c> field (JS <c>undefined</c>).</summary>
    public static string Result(string id, Action<Utf8JsonWriter>? writeResult) => Write(w =>
    {
        w.WriteString("msg", "result");
        w.WriteString("id", id);
        if (writeResult is not null)
        {
            w.WritePropertyName("result");
            writeResult(w);
        }
    });

    public static string Result(string id, DdpError error) => Write(w =>
    {
        w.WriteString("msg", "result");
        w.WriteString("id", id);
        w.WritePropertyName("error");
        error.WriteTo(w);
    });

    public static string Updated(string methodId) => Write(w =>
    {
        w.WriteString("msg", "updated");
        w.WriteStartArray("methods");
        w.WriteStringValue(methodId);
        w.WriteEndArray();
    });

    public static string Ready(string subId) => Write(w =>
    {
        w.WriteString("msg", "ready");
        w.WriteStartArray("subs");
        w.WriteStringValue(subId);
        w.WriteEndArray();
    });

    /// <summary>Meteor answers an unsub of an unknown id with a bare <c>nosub</c>, possibly without an id.</summary>
    public static string NoSub(string? id, DdpError? error = null) => Write(w =>
    {
        w.WriteString("msg", "nosub");
        if (id is not null)
        {
            w.WriteString("id", id);
        }

        if (error is not null)
        {
            w.WritePropertyName("error");
            error.WriteTo(w);
        }
    });

    public static string ChatAdded(ChatMessage message) => AddedChats.GetValue(message, static m => Write(w =>
    {
        w.WriteString("msg", "added");
        w.WriteString("collection", ChatsCollection);
        w.WriteString("id", m.MessageId);
        w.WriteStartObject("fields");
        w.WriteString("roomId", m.RoomId);
        w.WriteNumber("seq", m.Seq);
        w.WriteString("text", m.Text);
        w.WriteString("senderId", m.SenderId);
        w.WriteString("senderName", m.SenderName);
        Ejson.WriteDate(w, "createdAt", m.SentAt);
        if (m.FromService)
        {
            w.WriteBoolean("fromService", true);
        }

        if (m.EditedAt is { } editedAt)
        {
            Ejson.WriteDate(w, "editedAt", editedAt);
        }

        w.WriteEndObject();
    }));

    /// <summary>An edit: the chat's new text and when it changed.</summary>
    public static string ChatChanged(string messageId, string text, DateTimeOffset editedAt) => Write(w =>
    {
        w.WriteString("msg", "changed");
        w.WriteString("collection", ChatsCollection);
        w.WriteString("id", messageId);
        w.WriteStartObject("fields");
        w.WriteString("text", text);
        Ejson.WriteDate(w, "editedAt", editedAt);
        w.WriteEndObject();
    });

    /// <summary>A room event (a member joined, left or was removed, a role or the room changed) as a document of <c>room_events</c>.</summary>
    public static string RoomEventAdded(ChatMessage entry) => Write(w =>
    {
        w.WriteString("msg", "added");
        w.WriteString("collection", RoomEventsCollection);
        w.WriteString("id", entry.MessageId);
        w.WritePropertyName("fields");
        JsonSerializer.Serialize(w, RoomEventInfo.From(entry), DdpJson.Options);
    });

    /// <summary>The user's read marker in a room, a document of <c>read_state</c> (id: the room id).</summary>
    public static string ReadState(string roomId, long lastReadSeq, bool added) => Write(w =>
    {
        w.WriteString("msg", added ? "added" : "changed");
        w.WriteString("collection", ReadStateCollection);
        w.WriteString("id", roomId);
        w.WriteStartObject("fields");
        w.WriteNumber("lastReadSeq", lastReadSeq);
        w.WriteEndObject();
    });

    public static string UserAdded(UserProfile user) => Write(w =>
    {
        w.WriteString("msg", "added");
        w.WriteString("collection", UsersCollection);
        w.WriteString("id", user.UserId);
        w.WriteStartObject("fields");
        w.WriteString("username", user.Username);
        w.WriteEndObject();
    });

    public static string Removed(string collection, string id) => Write(w =>
    {
        w.WriteString("msg", "removed");
        w.WriteString("collection", collection);
        w.WriteString("id", id);
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
