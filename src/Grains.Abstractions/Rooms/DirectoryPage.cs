using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

[GenerateSerializer, Immutable, Alias("directory-entry")]
public sealed record DirectoryEntry(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Topic);

/// <summary>One page of the public room directory; <see cref="Next"/> continues it (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("directory-page")]
public sealed record DirectoryPage(
    [property: Id(0)] ImmutableArray<DirectoryEntry> Rooms,
    [property: Id(1)] string? Next);
