using System.Diagnostics;
using Parley.Frontend.Errors;
using Parley.Frontend.RateLimiting;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Rooms;

/// <summary>
/// Posting a message over any protocol: validation, the per-user rate limit, then the room grain.
/// Sends that carry a clientMessageId are idempotent, so while the cluster recovers (a silo died
/// and the room is reactivating elsewhere) they are retried here instead of failing the client.
/// </summary>
internal sealed class MessageSender(IGrainFactory grains, SendRateLimiter limiter, ParleyMetrics metrics)
{
    /// <summary>Longer than failure detection plus reactivation takes (see README, "Failover").</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    public async Task<ChatMessage> SendAsync(UserProfile sender, string? roomId, string? text, string? clientMessageId)
    {
        var room = grains.GetRoom(RoomCatalog.ExistingRoom(roomId));
        MessageText.Validate(text);
        limiter.Acquire(sender.UserId);
        var command = new SendMessage(sender, text!, clientMessageId);
        var started = Stopwatch.StartNew();
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                var message = await room.SendAsync(command);
                metrics.MessageSent();
                return message;
            }
            catch (Exception exception) when (clientMessageId is not null && started.Elapsed < RetryFor && ErrorTranslation.IsTransient(exception))
            {
                await Task.Delay(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
