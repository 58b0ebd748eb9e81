using System.Text.Json.Serialization;

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

public sealed record AccessTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>RFC 7662's answer; members it does not name are left out when null.</summary>
public sealed record IntrospectionResponse(
    bool Active,
    [property: JsonPropertyName("token_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Exp = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Iat = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Iss = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Aud = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jti = null);

public sealed record ServicePostRequest(string? Text, string? ClientMessageId);

public sealed record ServiceCreateRoomRequest(string? RoomId, string? Name, bool IsPrivate, string? Owner);

public sealed record WebhookRequest(string? Url, string[]? Events);
