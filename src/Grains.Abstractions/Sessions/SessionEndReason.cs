namespace Parley.Grains.Abstractions;

/// <summary>Why a session ended; clients see it in <c>SessionEnded({reason})</c>.</summary>
public enum SessionEndReason
{
    Logout,
    LogoutAll,
    Expired,
}
