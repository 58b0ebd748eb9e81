using Microsoft.AspNetCore.SignalR;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// SignalR runs one hub call per connection at a time unless told otherwise; run.sh gives every
// system the same value, so that a client's concurrent sends are treated alike everywhere.
builder.Services.AddSignalR(options => options.MaximumParallelInvocationsPerClient = builder.Configuration.GetValue("SignalR:MaximumParallelInvocationsPerClient", 1)).AddMessagePackProtocol().AddStackExchangeRedis(builder.Configuration.GetConnectionString("Redis")
    ?? throw new InvalidOperationException("ConnectionStrings:Redis is required"));
builder.Services.AddSingleton(NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is required")));
builder.Services.AddSingleton<Messages>();
var app = builder.Build();
await app.Services.GetRequiredService<Messages>().EnsureSchemaAsync();
app.MapGet("/healthz", () => "ok");
app.MapHub<ChatHub>("/hubs/chat");
app.Run();

/// <summary>Same wire shapes as Parley's API v1 for what the load generator uses.</summary>
public sealed record ChatMessage(string RoomId, long Seq, string MessageId, string SenderId, string SenderName, string Text, DateTimeOffset SentAt, string? ClientMessageId);

public sealed record RoomInfo(string RoomId, string Name, bool IsPrivate, long LatestSeq);

public sealed record SubscribeResult(RoomInfo Room, ChatMessage[] Messages, long LatestSeq, bool Truncated);

/// <summary>
/// One table, one INSERT per message. The sequence is a global identity column (the usual
/// choice); a repeated clientMessageId returns the stored row, so retries are safe.
/// </summary>
public sealed class Messages(NpgsqlDataSource database)
{
    private const string Columns = "room_id, seq, message_id, sender_id, sender_name, text, sent_at, client_message_id";

    public async Task EnsureSchemaAsync()
    {
        await using var command = database.CreateCommand("""
            CREATE TABLE IF NOT EXISTS messages (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                room_id text NOT NULL,
                message_id text NOT NULL,
                sender_id text NOT NULL,
                sender_name text NOT NULL,
                text text NOT NULL,
                sent_at timestamptz NOT NULL DEFAULT now(),
                client_message_id text);
            CREATE INDEX IF NOT EXISTS messages_room_seq ON messages (room_id, seq);
            CREATE UNIQUE INDEX IF NOT EXISTS messages_idempotency ON messages (room_id, sender_id, client_message_id);
            """);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<ChatMessage> InsertAsync(string roomId, string user, string text, string? clientMessageId)
    {
        await using (var insert = database.CreateCommand($"""
            INSERT INTO messages (room_id, message_id, sender_id, sender_name, text, client_message_id)
            VALUES ($1, $2, $3, $3, $4, $5)
            ON CONFLICT (room_id, sender_id, client_message_id) DO NOTHING
            RETURNING {Columns}
            """))
        {
            insert.Parameters.Add(new() { Value = roomId });
            insert.Parameters.Add(new() { Value = Guid.NewGuid().ToString("N") });
            insert.Parameters.Add(new() { Value = user });
            insert.Parameters.Add(new() { Value = text });
            insert.Parameters.Add(new() { Value = (object?)clientMessageId ?? DBNull.Value });
            if (await ReadAsync(insert) is [var inserted])
            {
                return inserted;
            }
        }

        await using var existing = database.CreateCommand($"SELECT {Columns} FROM messages WHERE room_id = $1 AND sender_id = $2 AND client_message_id = $3");
        existing.Parameters.Add(new() { Value = roomId });
        existing.Parameters.Add(new() { Value = user });
        existing.Parameters.Add(new() { Value = clientMessageId! });
        return (await ReadAsync(existing)).Single();
    }

    public async Task<ChatMessage[]> HistoryAsync(string roomId, long? beforeSeq, int limit)
    {
        await using var select = database.CreateCommand($"SELECT * FROM (SELECT {Columns} FROM messages WHERE room_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3) AS page ORDER BY seq");
        select.Parameters.Add(new() { Value = roomId });
        select.Parameters.Add(new() { Value = beforeSeq ?? long.MaxValue });
        select.Parameters.Add(new() { Value = Math.Clamp(limit, 1, 200) });
        return [.. await ReadAsync(select)];
    }

    public async Task<long> LatestAsync(string roomId)
    {
        await using var select = database.CreateCommand("SELECT coalesce(max(seq), 0) FROM messages WHERE room_id = $1");
        select.Parameters.Add(new() { Value = roomId });
        return (long)(await select.ExecuteScalarAsync())!;
    }

    private static async Task<List<ChatMessage>> ReadAsync(NpgsqlCommand command)
    {
        var rows = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ChatMessage(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }
}

/// <summary>Any token is accepted and names the user (authentication is not what is measured).</summary>
public sealed class ChatHub(Messages messages) : Hub
{
    private string User => Context.GetHttpContext()?.Request.Query["access_token"].ToString() is { Length: > 0 } token ? token : Context.ConnectionId;

    public async Task<SubscribeResult> Subscribe(string roomId, long? sinceSeq)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, roomId);
        var latest = await messages.LatestAsync(roomId);
        return new SubscribeResult(new RoomInfo(roomId, roomId, false, latest), [], latest, false);
    }

    public Task Unsubscribe(string roomId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, roomId);

    public async Task<ChatMessage> SendMessage(string roomId, string text, string? clientMessageId)
    {
        var message = await messages.InsertAsync(roomId, User, text, clientMessageId);
        await Clients.Group(roomId).SendAsync("Message", message);
        return message;
    }

    public Task<ChatMessage[]> GetHistory(string roomId, long? beforeSeq, int limit) => messages.HistoryAsync(roomId, beforeSeq, limit);
}
