using System.Security.Cryptography;
using System.Text;

namespace Parley.Grains.Tests;

/// <summary>Registers and logs in fresh users with unique names.</summary>
internal static class TestUsers
{
    public const string Password = "correct horse battery";

    public static string UniqueName(string prefix = "u") => $"{prefix}{Guid.NewGuid():N}"[..24];

    public static async Task<UserProfile> RegisterAsync(this IGrainFactory grains, string? name = null)
    {
        var username = Username.Create(name ?? UniqueName());
        return await grains.GetAccount(username).RegisterAsync(username.Value, Digest(Password));
    }

    public static async Task<LoginResult> LoginAsync(this IGrainFactory grains, string username, string password = Password) =>
        await grains.GetAccount(Username.Create(username)).LoginAsync(Digest(password));

    /// <summary>The form in which front-ends hand passwords to the account grain.</summary>
    public static string Digest(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    public static async Task<(UserProfile User, LoginResult Login)> RegisterAndLoginAsync(this IGrainFactory grains)
    {
        var user = await grains.RegisterAsync();
        return (user, await grains.LoginAsync(user.Username));
    }

    public static async Task<RoomInfo> CreateRoomAsync(this IGrainFactory grains, UserProfile creator, bool isPrivate = false)
    {
        var roomId = RoomId.Create($"r-{Guid.NewGuid():N}");
        return await grains.GetRoom(roomId).CreateAsync(new CreateRoom(creator, "Test room", isPrivate));
    }

    public static Task<ChatMessage> SendAsync(this IGrainFactory grains, string roomId, UserProfile sender, string text, string? clientMessageId = null) =>
        grains.GetRoom(RoomId.Create(roomId)).SendAsync(new SendMessage(sender, text, clientMessageId)).AsTask();
}
