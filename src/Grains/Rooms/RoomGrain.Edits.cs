namespace Parley.Grains.Rooms;

/// <summary>Edits and deletions: the message changes in place, and an event in the sequence says so.</summary>
internal sealed partial class RoomGrain
{
    public async ValueTask<ChatMessage> EditAsync(UserProfile actor, long seq, string? text)
    {
        RequireAccess(actor.UserId);
        MessageText.Validate(text);
        var message = await ExistingMessageAsync(seq);
        if (message.SenderId != actor.UserId)
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "only its sender edits a message");
        }

        var edited = message with { Text = text!, EditedAt = _clock.UtcNow };
        await ReplaceAsync(edited);
        await AppendEventAsync(actor, new RoomEventBody(RoomEventKind.MessageEdited, TargetSeq: seq, Text: edited.Text, TargetMessageId: message.MessageId));
        return edited;
    }

    public async ValueTask DeleteAsync(UserProfile actor, long seq)
    {
        RequireAccess(actor.UserId);
        var message = await ExistingMessageAsync(seq);
        if (!State.CanDelete(actor.UserId, message))
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "only its sender, an admin or the owner deletes a message");
        }

        await ReplaceAsync(message with { Text = "", Deleted = true });
        await AppendEventAsync(actor, new RoomEventBody(RoomEventKind.MessageDeleted, TargetSeq: seq, TargetMessageId: message.MessageId));
    }

    /// <summary>A message (not an event, not deleted) that has been acknowledged.</summary>
    private async Task<ChatMessage> ExistingMessageAsync(long seq)
    {
        ThrowIfStorageFailed();
        var found = seq >= 1 && seq <= _publishedSeq ? await _log.ReadAsync(seq, seq) : [];
        return found is [{ IsMessage: true, Deleted: false } message]
            ? message
            : throw new ParleyException(ParleyErrorCode.NotFound, $"no message {seq} in room '{_id}'");
    }

    /// <summary>After a page-out in progress, which would otherwise write the old version into a page.</summary>
    private async Task ReplaceAsync(ChatMessage changed)
    {
        await _pageOut;
        await _log.ReplaceAsync(changed);
    }
}
