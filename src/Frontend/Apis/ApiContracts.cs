namespace Parley.Frontend.Apis;

public sealed record CredentialsRequest(string? Username, string? Password);

public sealed record LoginResponse(string Token, string UserId, string Username, DateTimeOffset ExpiresAt);

public sealed record CreateRoomRequest(string? RoomId, string? Name, bool IsPrivate);

public sealed record PostMessageRequest(string? Text, string? ClientMessageId);

public sealed record UpdateRoomRequest(string? Name, string? Topic);

public sealed record SetRoleRequest(RoomRole? Role);

public sealed record MarkReadRequest(long Seq);

public sealed record ReadStateResponse(string RoomId, long LastReadSeq);

public sealed record EditMessageRequest(string? Text);

public sealed record OpenDirectRequest(string? Username);

public sealed record InviteRequest(string? Username);
