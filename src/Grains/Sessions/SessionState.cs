namespace Parley.Grains.Sessions;

[GenerateSerializer, Alias("session-state")]
internal sealed class SessionState
{
    [Id(0)] public UserProfile? User { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(3)] public SessionEndReason? EndedBecause { get; set; }
}
