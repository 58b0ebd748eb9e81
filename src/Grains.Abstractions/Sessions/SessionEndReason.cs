namespace Parley.Grains.Abstractions;

/// <summary>Why a session ended; clients see it in <c>SessionEnded({reason})</c>.</summary>
public enum SessionEndReason
{
    Logout,
    LogoutAll,
    Expired,
}

/// <summary>Wire names of <see cref="SessionEndReason"/>.</summary>
public static class SessionEndReasonExtensions
{
    public static string ToWireName(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.Logout => "logout",
        SessionEndReason.LogoutAll => "logout_all",
        SessionEndReason.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
