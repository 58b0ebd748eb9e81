using System.Collections.Immutable;

namespace Parley.Grains.Webhooks;

/// <summary>
/// Hands events to the endpoints that asked for their type, from a grain that makes them (a room,
/// a user). The list of endpoints is read at most every few seconds per grain activation.
/// </summary>
internal sealed class WebhookFanout(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan ListFor = TimeSpan.FromSeconds(5);
    private ImmutableArray<WebhookEndpoint> _endpoints = [];
    private DateTimeOffset _listedAt = DateTimeOffset.MinValue;

    /// <summary>Events made from a room's newly stored entries (<see cref="Of"/>), or a user's.</summary>
    public async Task PublishAsync(Func<ImmutableArray<WebhookEvent>> make)
    {
        if (time.GetUtcNow() - _listedAt > ListFor)
        {
            _endpoints = await grains.GetWebhooks().ListAsync();
            _listedAt = time.GetUtcNow();
        }

        if (_endpoints.IsEmpty)
        {
            return;
        }

        var events = make();

        foreach (var endpoint in _endpoints)
        {
            var wanted = events.Where(webhookEvent => endpoint.Wants(webhookEvent.Type)).ToImmutableArray();
            if (!wanted.IsEmpty)
            {
                await grains.GetWebhookEndpoint(endpoint.Id).PublishAsync(wanted);
            }
        }
    }

    /// <summary>The webhook events of a room's entries: messages, edits, deletions, explicit joins, leaves and removals.</summary>
    public static ImmutableArray<WebhookEvent> Of(IEnumerable<ChatMessage> entries) =>
    [
        .. entries.Select(entry => entry.Event switch
        {
            null => Room(entry, WebhookEventTypes.MessageCreated, ("messageId", entry.MessageId), ("senderId", entry.SenderId), ("senderName", entry.SenderName), ("text", entry.Text), ("clientMessageId", entry.ClientMessageId), ("fromService", entry.FromService ? "true" : null)),
            { Kind: RoomEventKind.MessageEdited } edit => Room(entry, WebhookEventTypes.MessageEdited, ("messageId", edit.TargetMessageId), ("targetSeq", edit.TargetSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("text", edit.Text), ("by", entry.SenderId)),
            { Kind: RoomEventKind.MessageDeleted } deletion => Room(entry, WebhookEventTypes.MessageDeleted, ("messageId", deletion.TargetMessageId), ("targetSeq", deletion.TargetSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("by", entry.SenderId)),
            { Kind: RoomEventKind.MemberJoined, Member: { } member } => Room(entry, WebhookEventTypes.MemberJoined, ("userId", member.UserId), ("username", member.Username)),
            { Kind: RoomEventKind.MemberLeft or RoomEventKind.MemberRemoved, Member: { } member } left => Room(entry, WebhookEventTypes.MemberLeft, ("userId", member.UserId), ("username", member.Username), ("removed", left.Kind == RoomEventKind.MemberRemoved ? "true" : "false"), ("by", entry.SenderId)),
            _ => null,
        }).OfType<WebhookEvent>(),
    ];

    private static WebhookEvent Room(ChatMessage entry, string type, params (string Key, string? Value)[] data) =>
        new($"{entry.RoomId}:{entry.Seq}", type, entry.SentAt, entry.RoomId, entry.Seq, data.Where(item => item.Value is not null).ToImmutableDictionary(item => item.Key, item => item.Value));
}
