using System.Security.Claims;
using Parley.Frontend.Rooms;
using Parley.Frontend.Services;

namespace Parley.Frontend.Apis;

/// <summary>
/// <c>/api/server</c>: what another service's backend does in Parley with a service key, each call
/// with its scope. The service acts as <see cref="ServiceIdentity"/>: its messages are delivered
/// live over every protocol like a user's and carry <c>fromService</c>.
/// </summary>
internal static class ServerApi
{
    public static IEndpointRouteBuilder MapServerApi(this IEndpointRouteBuilder endpoints)
    {
        var server = endpoints.MapGroup("/api/server").AddEndpointFilter<ServiceRateLimitFilter>().WithTags("Server API");
        server.MapPost("/rooms/{roomId}/messages", async (string roomId, ServicePostRequest request, ClaimsPrincipal service, MessageSender sender) =>
            {
                var message = await sender.SendAsync(Identity(service), roomId, request.Text, request.ClientMessageId);
                return Results.Created($"/api/server/rooms/{roomId}/messages?before={message.Seq + 1}&limit=1", message);
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.PublishMessages))
            .Produces<ChatMessage>(StatusCodes.Status201Created)
            .WithSummary("Posts into a room as the service (idempotent with clientMessageId).");
        server.MapPost("/rooms", async (ServiceCreateRoomRequest request, RoomCatalog catalog) =>
            {
                var room = await catalog.CreateAsync(await catalog.ProfileOfAsync(request.Owner), request.RoomId, request.Name, request.IsPrivate);
                return Results.Created($"/api/rooms/{room.RoomId}", room);
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageRooms))
            .Produces<RoomInfo>(StatusCodes.Status201Created)
            .WithSummary("Creates a room owned by the user named in owner.");
        server.MapPost("/rooms/{roomId}/members", async (string roomId, InviteRequest request, ClaimsPrincipal service, RoomCatalog catalog) =>
            {
                await catalog.InviteAsync(Identity(service), roomId, request.Username);
                return Results.NoContent();
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageRooms))
            .WithSummary("Adds a user to a room.");
        server.MapDelete("/rooms/{roomId}/members/{userId}", async (string roomId, string userId, ClaimsPrincipal service, RoomCatalog catalog) =>
            {
                await catalog.RemoveMemberAsync(Identity(service), roomId, userId);
                return Results.NoContent();
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageRooms))
            .WithSummary("Removes a member (not the owner or an admin): their live subscriptions end at once.");
        server.MapGet("/rooms/{roomId}/messages", async (string roomId, long? before, int? limit, ClaimsPrincipal service, RoomCatalog catalog) =>
                Results.Ok(await catalog.GetHistoryAsync(Identity(service), roomId, before, limit ?? ApiLimits.DefaultHistoryPage)))
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageRooms))
            .Produces<ChatMessage[]>()
            .WithSummary("Reads a room's history, ascending, seq < before.");
        server.MapGet("/rooms/{roomId}/presence", async (string roomId, ClaimsPrincipal service, RoomCatalog catalog) =>
                Results.Ok(await catalog.GetPresenceAsync(Identity(service), roomId)))
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ReadUsers))
            .Produces<UserProfile[]>()
            .WithSummary("Who is online in a room.");
        server.MapGet("/users/{username}", async (string username, RoomCatalog catalog) => Results.Ok(await catalog.ProfileOfAsync(username)))
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ReadUsers))
            .Produces<UserProfile>()
            .WithSummary("Looks a user up by name.");
        server.MapPost("/users/{userId}/logout", async (string userId, IGrainFactory grains) =>
            {
                if (userId is not { Length: > 0 and <= 64 } || await grains.GetUser(userId).GetProfileAsync() is null)
                {
                    throw new ParleyException(ParleyErrorCode.NotFound, $"no user '{userId}'");
                }

                await grains.GetUser(userId).EndAllSessionsAsync(SessionEndReason.LogoutAll);
                return Results.NoContent();
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageUsers))
            .WithSummary("Ends every session of a user, on every front-end at once.");
        server.MapPost("/webhooks", async (WebhookRequest request, ClaimsPrincipal service, IGrainFactory grains) =>
            {
                var endpoint = await grains.GetWebhooks().RegisterAsync(request.Url ?? "", [.. request.Events ?? []], Identity(service).UserId);
                return Results.Created($"/api/server/webhooks/{endpoint.Id}", endpoint);
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageWebhooks))
            .Produces<WebhookEndpoint>(StatusCodes.Status201Created)
            .WithSummary("Registers an endpoint for event types; the answer's secret signs every delivery and is shown only now.");
        server.MapGet("/webhooks", async (IGrainFactory grains) =>
                Results.Ok((await grains.GetWebhooks().ListAsync()).Select(endpoint => endpoint with { Secret = "" })))
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageWebhooks))
            .Produces<WebhookEndpoint[]>()
            .WithSummary("The registered endpoints (without their secrets).");
        server.MapDelete("/webhooks/{id}", async (string id, IGrainFactory grains) =>
            {
                await grains.GetWebhooks().DeleteAsync(id);
                return Results.NoContent();
            })
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageWebhooks))
            .WithSummary("Removes an endpoint and drops what it had not delivered.");
        server.MapGet("/webhooks/{id}/deliveries", async (string id, IGrainFactory grains) =>
                Results.Ok(await grains.GetWebhookEndpoint(WebhookId(id)).GetDeliveriesAsync()))
            .RequireAuthorization(ServiceScopes.Policy(ServiceScopes.ManageWebhooks))
            .Produces<WebhookDelivery[]>()
            .WithSummary("The endpoint's latest delivery attempts, oldest first.");
        return endpoints;
    }

    private static string WebhookId(string id) =>
        id is { Length: 16 } && id.All(Uri.IsHexDigit) ? id : throw new ParleyException(ParleyErrorCode.NotFound, $"no webhook endpoint '{id}'");

    private static UserProfile Identity(ClaimsPrincipal service) =>
        ServiceIdentity.Of(service.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("No service name: is the endpoint authorized?"));
}
