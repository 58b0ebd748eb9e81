using Parley.Grains.Users;

namespace Parley.Grains.Tests;

/// <summary>What one account and one user may do, counted by their grains for the whole cluster.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class LimitTests(ClusterFixture fixture)
{
    private static readonly UserOptions Defaults = new();

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task WrongPasswordsBeyondTheFreeOnesMakeTheAccountWaitLongerEachTime()
    {
        var user = await Grains.RegisterAsync();
        var account = Grains.GetAccount(Username.Create(user.Username));
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Assert.ThrowsAsync<ParleyException>(() => account.LoginAsync(TestUsers.Digest("wrong")).AsTask());
            Assert.Equal(ParleyErrorCode.InvalidCredentials, wrong.Code);
        }

        await Assert.ThrowsAsync<ParleyException>(() => account.LoginAsync(TestUsers.Digest("wrong")).AsTask());
        var locked = await Assert.ThrowsAsync<ParleyException>(() => account.LoginAsync(TestUsers.Digest(TestUsers.Password)).AsTask());
        Assert.Equal(ParleyErrorCode.RateLimited, locked.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), locked.RetryAfter);

        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ParleyException>(() => account.LoginAsync(TestUsers.Digest("wrong")).AsTask());
        var longer = await Assert.ThrowsAsync<ParleyException>(() => account.LoginAsync(TestUsers.Digest(TestUsers.Password)).AsTask());
        Assert.Equal(TimeSpan.FromSeconds(2), longer.RetryAfter);

        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(user, (await account.LoginAsync(TestUsers.Digest(TestUsers.Password))).User);
        var freshStart = await Assert.ThrowsAsync<ParleyException>(() => account.LoginAsync(TestUsers.Digest("wrong")).AsTask());
        Assert.Equal(ParleyErrorCode.InvalidCredentials, freshStart.Code);
    }

    [Fact]
    public async Task AUserMayCreateRoomsOnlySoFastAndOnlySoMany()
    {
        var user = Grains.GetUser((await Grains.RegisterAsync()).UserId);
        for (var created = 0; created < Defaults.MaxRoomsCreated; created++)
        {
            if (created > 0 && created % Defaults.RoomCreationsPerMinute == 0)
            {
                var tooFast = await Assert.ThrowsAsync<ParleyException>(() => user.AdmitRoomCreationAsync().AsTask());
                Assert.Equal(ParleyErrorCode.RateLimited, tooFast.Code);
                ClusterFixture.Time.Advance(TimeSpan.FromMinutes(1));
            }

            await user.AdmitRoomCreationAsync();
        }

        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(1));
        var tooMany = await Assert.ThrowsAsync<ParleyException>(() => user.AdmitRoomCreationAsync().AsTask());
        Assert.Equal(ParleyErrorCode.LimitExceeded, tooMany.Code);
    }

    [Fact]
    public async Task ALoginBeyondTheSessionCapEndsTheOldestSession()
    {
        var user = await Grains.RegisterAsync();
        var logins = new List<LoginResult>();
        for (var i = 0; i <= Defaults.MaxActiveSessions; i++)
        {
            logins.Add(await Grains.LoginAsync(user.Username));
            ClusterFixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Null(await Grains.GetSession(SessionToken.ToSessionKey(logins[0].Token)).ValidateAsync());
        Assert.NotNull(await Grains.GetSession(SessionToken.ToSessionKey(logins[1].Token)).ValidateAsync());
        Assert.Equal(Defaults.MaxActiveSessions, (await Grains.GetUser(user.UserId).GetSessionKeysAsync()).Length);
    }
}
