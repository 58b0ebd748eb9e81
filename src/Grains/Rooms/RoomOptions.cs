using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Rooms;

/// <summary>How a room treats its audience. Section <c>Parley:Rooms</c>.</summary>
public sealed class RoomOptions
{
    public const string Section = "Parley:Rooms";

    /// <summary>
    /// Presence changes are pushed while at most this many users are online in the room, the one
    /// who changed included. Beyond it every join would be pushed to thousands of connections (the
    /// cost grows with the square of the room), so large rooms answer presence on request only.
    /// </summary>
    [Range(0, 1_000_000)]
    public int PresenceAnnounceLimit { get; set; } = 1000;
}
