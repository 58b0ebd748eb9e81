using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Users;

/// <summary>What one user may do, cluster-wide (the user's grain counts). Section <c>Parley:Users</c>.</summary>
public sealed class UserOptions
{
    public const string Section = "Parley:Users";

    /// <summary>Rooms a user may create in all.</summary>
    [Range(0, 1_000_000)]
    public int MaxRoomsCreated { get; set; } = 100;

    /// <summary>Rooms a user may create per minute.</summary>
    [Range(1, 1_000_000)]
    public int RoomCreationsPerMinute { get; set; } = 10;

    /// <summary>Invitations a user may send per minute.</summary>
    [Range(1, 1_000_000)]
    public int InvitesPerMinute { get; set; } = 30;

    /// <summary>Live sessions a user may hold; a login beyond it ends the oldest.</summary>
    [Range(1, 100_000)]
    public int MaxActiveSessions { get; set; } = 100;
}
