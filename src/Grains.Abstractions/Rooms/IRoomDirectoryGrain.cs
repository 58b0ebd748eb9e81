using System.Collections.Immutable;

namespace Parley.Grains.Abstractions;

/// <summary>The ids of all public rooms. Key: <see cref="GrainFactoryExtensions.DirectoryKey"/>.</summary>
[Alias("room-directory")]
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    [Alias("add")]
    ValueTask AddPublicRoomAsync(string roomId);

    [ReadOnly, Alias("list")]
    ValueTask<ImmutableArray<string>> ListPublicRoomsAsync();
}
