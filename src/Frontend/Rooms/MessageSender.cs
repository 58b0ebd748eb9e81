using System.Diagnostics;
using Parley.Frontend.Errors;
using Parley.Frontend.RateLimiting;
using Parley.Frontend.Realtime;
using Parley.Frontend.Telemetry;

namespace Parley.Frontend.Rooms;

/// <summary>
/// Posting a message over any protocol: validation, the per-user rate limit, the room grain,
/// then the echo to this front-end's subscribers before the acknowledgement. Sends that carry a
/// clientMessageId are idempotent, so while the cluster recovers (a silo died and the room is
/// reactivating elsewhere) they are retried here instead of failing the client.
/// </summary>
internal sealed class MessageSender(IGrainFactory grains, RoomFeeds feeds, SendRateLimiter limiter, TypingThrottle typing, ParleyMetrics metrics)
{
    /// <summary>Longer than failure detection plus reactivation takes (see README, "Durability and failover").</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one attempt of an idempotent send may take before it is retried. A request that
    /// was on its way to a silo when the silo died is otherwise only failed by Orleans'
    /// response timeout: the failover benchmark showed every room stalled for exactly that long.
    /// A retry of a send that did land returns the stored message, so giving up early is safe.
    /// </summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Stores the message; <paramref name="connection"/>, the one the send came in on (none for REST), gets it before the acknowledgement.</summary>
    public async Task<ChatMessage> SendAsync(UserProfile sender, string? roomId, string? text, string? clientMessageId, ClientConnection? connection = null)
    {
        var id = RoomCatalog.ExistingRoom(roomId);
        var room = grains.GetRoom(id);
        MessageText.Validate(text);
        limiter.Acquire(sender.UserId);
        var command = new SendMessage(sender, text!, clientMessageId);
        var started = Stopwatch.StartNew();
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                var attempt = room.SendAsync(command).AsTask();
                if (clientMessageId is not null)
                {
                    // Observed here so that an abandoned attempt's late failure is not unobserved.
                    attempt.Ignore();
                    attempt = attempt.WaitAsync(AttemptTimeout);
                }

                var message = await attempt;
                await feeds.EchoAsync(message, connection);
                typing.Reset(sender.UserId, id);
                metrics.MessageSent();
                return message;
            }
            catch (Exception exception) when (clientMessageId is not null && started.Elapsed < RetryFor && ErrorTranslation.IsWorthRetrying(exception))
            {
                await Task.Delay(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
