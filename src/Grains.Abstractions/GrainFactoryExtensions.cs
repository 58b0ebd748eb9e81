namespace Parley.Grains.Abstractions;

/// <summary>Typed ways to reach grains, so no call site builds a key by hand.</summary>
public static class GrainFactoryExtensions
{
    public const string DirectoryKey = "public";

    public const string SigningKeysKey = "access-tokens";

    public const string WebhooksKey = "webhooks";

    public static IAccountGrain GetAccount(this IGrainFactory grains, Username username) =>
        grains.GetGrain<IAccountGrain>(username.Key);

    public static ISessionGrain GetSession(this IGrainFactory grains, string sessionKey) =>
        grains.GetGrain<ISessionGrain>(sessionKey);

    public static IUserGrain GetUser(this IGrainFactory grains, string userId) =>
        grains.GetGrain<IUserGrain>(userId);

    public static IRoomGrain GetRoom(this IGrainFactory grains, RoomId roomId) =>
        grains.GetGrain<IRoomGrain>(roomId.Value);

    public static IRoomHistoryPageGrain GetHistoryPage(this IGrainFactory grains, RoomId roomId, long pageNumber) =>
        grains.GetGrain<IRoomHistoryPageGrain>($"{roomId.Value}/{pageNumber}");

    public static IRoomDirectoryGrain GetRoomDirectory(this IGrainFactory grains) =>
        grains.GetGrain<IRoomDirectoryGrain>(DirectoryKey);

    public static IWebhooksGrain GetWebhooks(this IGrainFactory grains) =>
        grains.GetGrain<IWebhooksGrain>(WebhooksKey);

    public static IWebhookEndpointGrain GetWebhookEndpoint(this IGrainFactory grains, string endpointId) =>
        grains.GetGrain<IWebhookEndpointGrain>(endpointId);

    public static ISigningKeysGrain GetSigningKeys(this IGrainFactory grains) =>
        grains.GetGrain<ISigningKeysGrain>(SigningKeysKey);
}
