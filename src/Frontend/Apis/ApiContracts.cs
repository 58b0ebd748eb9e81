namespace Parley.Frontend.Apis;

public sealed record CredentialsRequest(string? Username, string? Password);

public sealed record LoginResponse(string Token, string UserId, string Username, DateTimeOffset ExpiresAt);

public sealed record CreateRoomRequest(string? RoomId, string? Name, bool IsPrivate);

public sealed record PostMessageRequest(string? Text, string? ClientMessageId);
