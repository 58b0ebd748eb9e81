namespace Parley.Grains.Accounts;

[GenerateSerializer, Alias("account-state")]
internal sealed class AccountState
{
    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string Username { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
}
