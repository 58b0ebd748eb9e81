using System.Security.Claims;
using Parley.Frontend.Auth;
using Parley.Frontend.Rooms;

namespace Parley.Frontend.Apis;

/// <summary><c>/api/me</c>, <c>/api/rooms</c>, <c>/api/directory</c> and <c>/api/direct</c>.</summary>
internal static class RoomsApi
{
    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(user.Profile())).RequireAuthorization();
        endpoints.MapGet("/api/directory", async (string? q, string? cursor, int? limit, RoomCatalog catalog) => Results.Ok(await catalog.SearchAsync(q, cursor, limit)))
            .RequireAuthorization();
        endpoints.MapPost("/api/direct", async (OpenDirectRequest request, ClaimsPrincipal user, RoomCatalog catalog) => Results.Ok(await catalog.OpenDirectAsync(user.Profile(), request.Username)))
            .RequireAuthorization();

        var rooms = endpoints.MapGroup("/api/rooms").RequireAuthorization();
        rooms.MapGet("/", async (ClaimsPrincipal user, RoomCatalog catalog) => Results.Ok(await catalog.ListMineAsync(user.Profile())));
        rooms.MapPost("/", CreateAsync);
        rooms.MapPatch("/{roomId}", async (string roomId, UpdateRoomRequest request, ClaimsPrincipal user, RoomCatalog catalog) =>
            Results.Ok(await catalog.UpdateAsync(user.Profile(), roomId, request.Name, request.Topic)));
        rooms.MapPost("/{roomId}/join", async (string roomId, ClaimsPrincipal user, RoomCatalog catalog) => Results.Ok(await catalog.JoinAsync(user.Profile(), roomId)));
        rooms.MapPost("/{roomId}/leave", async (string roomId, ClaimsPrincipal user, RoomCatalog catalog) =>
        {
            await catalog.LeaveAsync(user.Profile(), roomId);
            return Results.NoContent();
        });
        rooms.MapGet("/{roomId}/members", async (string roomId, ClaimsPrincipal user, RoomCatalog catalog) => Results.Ok(await catalog.GetMembersAsync(user.Profile(), roomId)));
        rooms.MapPost("/{roomId}/members", async (string roomId, InviteRequest request, ClaimsPrincipal user, RoomCatalog catalog) =>
        {
            await catalog.InviteAsync(user.Profile(), roomId, request.Username);
            return Results.NoContent();
        });
        rooms.MapDelete("/{roomId}/members/{userId}", async (string roomId, string userId, ClaimsPrincipal user, RoomCatalog catalog) =>
        {
            await catalog.RemoveMemberAsync(user.Profile(), roomId, userId);
            return Results.NoContent();
        });
        rooms.MapPut("/{roomId}/members/{userId}/role", async (string roomId, string userId, SetRoleRequest request, ClaimsPrincipal user, RoomCatalog catalog) =>
        {
            await catalog.SetRoleAsync(user.Profile(), roomId, userId, request.Role);
            return Results.NoContent();
        });
        rooms.MapPut("/{roomId}/read", async (string roomId, MarkReadRequest request, ClaimsPrincipal user, RoomCatalog catalog) =>
            Results.Ok(new ReadStateResponse(roomId, await catalog.MarkReadAsync(user.Profile(), roomId, request.Seq))));
        rooms.MapGet("/{roomId}/messages", HistoryAsync);
        rooms.MapPost("/{roomId}/messages", PostAsync);
        rooms.MapPatch("/{roomId}/messages/{seq}", async (string roomId, string seq, EditMessageRequest request, ClaimsPrincipal user, RoomCatalog catalog) =>
            Results.Ok(await catalog.EditAsync(user.Profile(), roomId, Seq(seq), request.Text)));
        rooms.MapDelete("/{roomId}/messages/{seq}", async (string roomId, string seq, ClaimsPrincipal user, RoomCatalog catalog) =>
        {
            await catalog.DeleteAsync(user.Profile(), roomId, Seq(seq));
            return Results.NoContent();
        });
        return endpoints;
    }

    /// <summary>A seq in a path; a route constraint would answer a bad one with a bare 404 instead of a problem.</summary>
    private static long Seq(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            ? seq
            : throw new ParleyException(ParleyErrorCode.InvalidArgument, "seq must be a whole number");

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
