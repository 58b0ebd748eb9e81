using Parley.Frontend.Realtime;

namespace Parley.Frontend.Wire;

/// <summary>How Parley's codes are spelled on the wire, the same on REST, SignalR and DDP.</summary>
internal static class WireNames
{
    /// <summary>The code as clients see it, e.g. <c>message_too_long</c>.</summary>
    public static string ToWireName(this ParleyErrorCode code) => code switch
    {
        ParleyErrorCode.InvalidArgument => "invalid_argument",
        ParleyErrorCode.InvalidUsername => "invalid_username",
        ParleyErrorCode.WeakPassword => "weak_password",
        ParleyErrorCode.UsernameTaken => "username_taken",
        ParleyErrorCode.InvalidCredentials => "invalid_credentials",
        ParleyErrorCode.Unauthorized => "unauthorized",
        ParleyErrorCode.RateLimited => "rate_limited",
        ParleyErrorCode.LimitExceeded => "limit_exceeded",
        ParleyErrorCode.InvalidRoomId => "invalid_room_id",
        ParleyErrorCode.RoomExists => "room_exists",
        ParleyErrorCode.Forbidden => "forbidden",
        ParleyErrorCode.NotFound => "not_found",
        ParleyErrorCode.EmptyMessage => "empty_message",
        ParleyErrorCode.PayloadTooLarge => "payload_too_large",
        ParleyErrorCode.MessageTooLong => "message_too_long",
        ParleyErrorCode.Unavailable => "unavailable",
        ParleyErrorCode.Internal => "internal_error",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>The reason of <c>SessionEnded({reason})</c>: <c>logout</c>, <c>logout_all</c>, <c>expired</c>.</summary>
    public static string ToWireName(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.Logout => "logout",
        SessionEndReason.LogoutAll => "logout_all",
        SessionEndReason.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>Why a subscription ended: <c>left</c> or <c>removed</c>.</summary>
    public static string ToWireName(this SubscriptionEndReason reason) => reason switch
    {
        SubscriptionEndReason.Left => "left",
        SubscriptionEndReason.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>Why the server closed a connection, as close frames and close messages say it (<c>session ended: logout</c>).</summary>
    public static string Describe(this CloseReason reason) => reason.Kind switch
    {
        CloseKind.SessionEnded => $"session ended: {reason.SessionEnd?.ToWireName()}",
        CloseKind.TooSlow => "too slow: the client fell behind; reconnect and resume with sinceSeq",
        CloseKind.ShuttingDown => "server shutting down: reconnect",
        CloseKind.Failed => "connection failed",
        CloseKind.Protocol => "protocol violation",
        CloseKind.Refused => $"{reason.Refusal?.Code.ToWireName()}: {reason.Refusal?.Message}",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
