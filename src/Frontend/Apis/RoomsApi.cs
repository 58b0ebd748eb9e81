using System.Security.Claims;
using Parley.Frontend.Auth;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Apis;

/// <summary><c>/api/me</c> and <c>/api/rooms</c>.</summary>
internal static class RoomsApi
{
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

    private static async Task<IResult> HistoryAsync(string roomId, long? before, int? limit, ClaimsPrincipal user, RoomCatalog catalog) =>
        Results.Ok(await catalog.GetHistoryAsync(user.Profile(), roomId, before, limit ?? ApiLimits.DefaultHistoryPage));

    private static async Task<IResult> PostAsync(string roomId, PostMessageRequest request, ClaimsPrincipal user, MessageSender sender)
    {
        var message = await sender.SendAsync(user.Profile(), roomId, request.Text, request.ClientMessageId);
        return Results.Created($"/api/rooms/{roomId}/messages?before={message.Seq + 1}&limit=1", message);
    }
}
