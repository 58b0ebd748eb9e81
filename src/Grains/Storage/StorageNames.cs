namespace Parley.Grains;

/// <summary>The named grain storage providers Parley persists to.</summary>
public static class StorageNames
{
    /// <summary>Every grain's state.</summary>
    public const string Parley = "parley";

    /// <summary>
    /// Rooms' unpaged messages (grain type <see cref="SegmentGrainType"/>, key "{roomId}/{segment}").
    /// The same provider as <see cref="Parley"/> unless a silo registers one of its own.
    /// </summary>
    public const string Segments = "parley-segments";

    public const string SegmentGrainType = "room-segment";
}
