using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

[GenerateSerializer, Alias("room-directory-state")]
internal sealed class RoomDirectoryState
{
    [Id(0)] public ImmutableSortedSet<string> PublicRooms { get; set; } = [];
}

internal sealed class RoomDirectoryGrain(
    [PersistentState("directory", StorageNames.Parley)] IPersistentState<RoomDirectoryState> directory) : Grain, IRoomDirectoryGrain
{
    public async ValueTask AddPublicRoomAsync(string roomId)
    {
        var rooms = directory.State.PublicRooms.Add(roomId);
        if (rooms != directory.State.PublicRooms)
        {
            directory.State.PublicRooms = rooms;
            await directory.WriteStateAsync();
        }
    }

    public ValueTask<ImmutableArray<string>> ListPublicRoomsAsync() =>
        ValueTask.FromResult(directory.State.PublicRooms.Add(RoomId.General.Value).ToImmutableArray());
}
