namespace Parley.Grains.Abstractions;

/// <summary>Typed ways to reach grains, so no call site builds a key by hand.</summary>
public static class GrainFactoryExtensions
{
    public const string DirectoryKey = "public";

    public static IAccountGrain GetAccount(this IGrainFactory grains, Username username) =>
        StringKeyedGrains<IAccountGrain>.Get(grains, username.Key);

    public static ISessionGrain GetSession(this IGrainFactory grains, string sessionKey) =>
        StringKeyedGrains<ISessionGrain>.Get(grains, sessionKey);

    public static IUserGrain GetUser(this IGrainFactory grains, string userId) =>
        StringKeyedGrains<IUserGrain>.Get(grains, userId);

    public static IRoomGrain GetRoom(this IGrainFactory grains, RoomId roomId) =>
        StringKeyedGrains<IRoomGrain>.Get(grains, roomId.Value);

    public static IRoomHistoryPageGrain GetHistoryPage(this IGrainFactory grains, RoomId roomId, long pageNumber) =>
        StringKeyedGrains<IRoomHistoryPageGrain>.Get(grains, $"{roomId.Value}/{pageNumber}");

    public static IRoomDirectoryGrain GetRoomDirectory(this IGrainFactory grains) =>
        StringKeyedGrains<IRoomDirectoryGrain>.Get(grains, DirectoryKey);
}
