using System.Security.Claims;
using Parley.Frontend.Auth;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Apis;

/// <summary><c>/api/me</c> and <c>/api/rooms</c>.</summary>
internal static class RoomsApi
{
    public const int DefaultHistoryLimit = 50;
    public const int MaxHistoryLimit = 200;

    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(user.Profile())).RequireAuthorization();

        var rooms = endpoints.MapGroup("/api/rooms").RequireAuthorization();
        rooms.MapGet("/", async (ClaimsPrincipal user, RoomCatalog catalog) => Results.Ok(await catalog.ListVisibleAsync(user.Profile())));
        rooms.MapPost("/", CreateAsync);
        rooms.MapGet("/{roomId}/messages", HistoryAsync);
        rooms.MapPost("/{roomId}/messages", PostAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(CreateRoomRequest request, ClaimsPrincipal user, RoomCatalog catalog)
    {
        var room = await catalog.CreateAsync(user.Profile(), request.RoomId, request.Name, request.IsPrivate);
        return Results.Created($"/api/rooms/{room.RoomId}", room);
    }

    private static async Task<IResult> HistoryAsync(string roomId, long? before, int? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        var take = limit ?? DefaultHistoryLimit;
        if (take is < 1 or > MaxHistoryLimit)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"limit must be 1-{MaxHistoryLimit}");
        }

        var messages = await grains.GetRoom(RoomCatalog.ExistingRoom(roomId)).GetHistoryAsync(user.Profile().UserId, before, take);
        return Results.Ok(messages);
    }

    private static async Task<IResult> PostAsync(string roomId, PostMessageRequest request, ClaimsPrincipal user, MessageSender sender)
    {
        var message = await sender.SendAsync(user.Profile(), roomId, request.Text, request.ClientMessageId);
        return Results.Created($"/api/rooms/{roomId}/messages?before={message.Seq + 1}&limit=1", message);
    }
}
