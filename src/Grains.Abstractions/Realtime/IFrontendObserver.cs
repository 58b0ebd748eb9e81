using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// One per front-end process: rooms and user grains push here, and the front-end fans out to its
/// own connections. Never one grain call per connection.
/// </summary>
[Alias("frontend-observer")]
public interface IFrontendObserver : IGrainObserver
{
    /// <summary>Newly stored messages of one room, ascending by seq.</summary>
    [OneWay, Alias("messages")]
    Task OnMessagesAsync(string roomId, ImmutableArray<ChatMessage> messages);

    [OneWay, Alias("presence")]
    Task OnPresenceAsync(PresenceChanged change);

    [OneWay, Alias("typing")]
    Task OnTypingAsync(TypingNotice notice);

    /// <summary>The user has read the room up to this seq (on some connection): tell the user's connections here.</summary>
    [OneWay, Alias("read-state")]
    Task OnReadStateAsync(string userId, string roomId, long lastReadSeq);

    /// <summary>These sessions of the user ended: close their connections.</summary>
    [OneWay, Alias("sessions-ended")]
    Task OnSessionsEndedAsync(string userId, ImmutableArray<string> sessionKeys, SessionEndReason reason);
}
