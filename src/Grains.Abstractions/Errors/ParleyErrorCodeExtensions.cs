namespace Parley.Grains.Abstractions;

/// <summary>Maps error codes to the snake_case names clients see.</summary>
public static class ParleyErrorCodeExtensions
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
        ParleyErrorCode.InvalidRoomId => "invalid_room_id",
        ParleyErrorCode.RoomExists => "room_exists",
        ParleyErrorCode.Forbidden => "forbidden",
        ParleyErrorCode.NotFound => "not_found",
        ParleyErrorCode.EmptyMessage => "empty_message",
        ParleyErrorCode.MessageTooLong => "message_too_long",
        ParleyErrorCode.Unavailable => "unavailable",
        ParleyErrorCode.Internal => "internal_error",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
