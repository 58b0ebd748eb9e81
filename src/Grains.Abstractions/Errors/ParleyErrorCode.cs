namespace Parley.Grains.Abstractions;

/// <summary>
/// The one set of error codes every protocol speaks. REST puts the wire name in problem+json's
/// <c>code</c>, SignalR at the start of a HubException's message, DDP in a Meteor error's <c>error</c>.
/// </summary>
public enum ParleyErrorCode
{
    InvalidArgument,
    InvalidUsername,
    WeakPassword,
    UsernameTaken,
    InvalidCredentials,
    Unauthorized,
    RateLimited,

    /// <summary>A quota that waiting does not restore (subscriptions, connections, rooms created).</summary>
    LimitExceeded,
    InvalidRoomId,
    RoomExists,
    Forbidden,
    NotFound,
    EmptyMessage,
    PayloadTooLarge,
    MessageTooLong,
    Unavailable,
    Internal,
}
