using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>
/// The public rooms, with their names and topics, to be searched. Key:
/// <see cref="GrainFactoryExtensions.DirectoryKey"/>. One search is one call here, however many
/// rooms exist.
/// </summary>
[Alias("room-directory")]
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates a public room's entry.</summary>
    [Alias("upsert")]
    ValueTask UpsertPublicRoomAsync(DirectoryEntry entry);

    [ReadOnly, Alias("list")]
    ValueTask<ImmutableArray<string>> ListPublicRoomsAsync();

    /// <summary>
    /// Public rooms whose name or id contains <paramref name="query"/> (ignoring case; all when empty),
    /// ordered by name, at most <paramref name="limit"/>, after the position <paramref name="after"/> of an earlier page.
    /// </summary>
    [ReadOnly, Alias("search")]
    ValueTask<DirectoryPage> SearchAsync(string query, string? after, int limit);
}
