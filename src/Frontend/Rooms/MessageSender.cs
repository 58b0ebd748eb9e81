using Parley.Frontend.Errors;
using Parley.Frontend.RateLimiting;

namespace Parley.Frontend.Rooms;

/// <summary>
/// Posting a message over any protocol: validation, the per-user rate limit, then the room grain.
/// Sends that carry a clientMessageId are idempotent, so a cluster hiccup (a silo died, the room
/// is reactivating elsewhere) is retried here instead of failing the client.
/// </summary>
internal sealed class MessageSender(IGrainFactory grains, SendRateLimiter limiter)
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500)];

    public async Task<ChatMessage> SendAsync(UserProfile sender, string? roomId, string? text, string? clientMessageId)
    {
        var room = grains.GetRoom(RoomCatalog.ExistingRoom(roomId));
        MessageText.Validate(text);
        limiter.Acquire(sender.UserId);
        var command = new SendMessage(sender, text!, clientMessageId);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await room.SendAsync(command);
            }
            catch (Exception exception) when (clientMessageId is not null && attempt < RetryDelays.Length && ErrorTranslation.IsTransient(exception))
            {
                await Task.Delay(RetryDelays[attempt]);
            }
        }
    }
}
