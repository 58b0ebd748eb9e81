using Parley.Grains.Sessions;

namespace Parley.Grains.Tests;

[Collection(nameof(ClusterCollection))]
public sealed class SessionTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task LoginTokenValidatesToItsUserUntilItExpires()
    {
        var (user, login) = await Grains.RegisterAndLoginAsync();

        var session = await Grains.GetSession(SessionToken.ToSessionKey(login.Token)).ValidateAsync();

        Assert.NotNull(session);
        Assert.Equal(user, session.User);
        Assert.Equal(ClusterFixture.Time.GetUtcNow() + TimeSpan.FromDays(90), login.ExpiresAt);
    }

    [Fact]
    public async Task AnUnknownTokenDoesNotValidate() =>
        Assert.Null(await Grains.GetSession(SessionToken.ToSessionKey(TokenGenerator.NewToken())).ValidateAsync());

    [Fact]
    public async Task ARevokedTokenNoLongerValidates()
    {
        var (user, login) = await Grains.RegisterAndLoginAsync();
        var key = SessionToken.ToSessionKey(login.Token);

        await Grains.GetUser(user.UserId).EndSessionAsync(key, SessionEndReason.Logout);

        Assert.Null(await Grains.GetSession(key).ValidateAsync());
        Assert.DoesNotContain(key, await Grains.GetUser(user.UserId).GetSessionKeysAsync());
    }

    [Fact]
    public async Task AnExpiredTokenNoLongerValidates()
    {
        var (_, login) = await Grains.RegisterAndLoginAsync();
        var session = Grains.GetSession(SessionToken.ToSessionKey(login.Token));

        ClusterFixture.Time.Advance(TimeSpan.FromDays(90));

        Assert.Null(await session.ValidateAsync());
    }

    [Fact]
    public async Task LogoutAllRevokesEverySessionOfTheUserAndNoOtherUsers()
    {
        var (user, first) = await Grains.RegisterAndLoginAsync();
        var second = await Grains.LoginAsync(user.Username);
        var (_, stranger) = await Grains.RegisterAndLoginAsync();

        await Grains.GetUser(user.UserId).EndAllSessionsAsync(SessionEndReason.LogoutAll);

        Assert.Null(await Grains.GetSession(SessionToken.ToSessionKey(first.Token)).ValidateAsync());
        Assert.Null(await Grains.GetSession(SessionToken.ToSessionKey(second.Token)).ValidateAsync());
        Assert.NotNull(await Grains.GetSession(SessionToken.ToSessionKey(stranger.Token)).ValidateAsync());
    }

    [Fact]
    public async Task EndingASessionTellsTheFrontendsHoldingTheUsersConnections()
    {
        var (user, login) = await Grains.RegisterAndLoginAsync();
        var key = SessionToken.ToSessionKey(login.Token);
        var holding = new RecordingFrontend();
        var notHolding = new RecordingFrontend();
        var userGrain = Grains.GetUser(user.UserId);
        await userGrain.AttachFrontendAsync(holding.Link(Grains));
        var (otherUser, _) = await Grains.RegisterAndLoginAsync();
        await Grains.GetUser(otherUser.UserId).AttachFrontendAsync(notHolding.Link(Grains));

        await userGrain.EndSessionAsync(key, SessionEndReason.Logout);

        var ended = await holding.SessionsEnded.NextAsync();
        Assert.Equal([key], ended.Keys);
        Assert.Equal(SessionEndReason.Logout, ended.Reason);
        Assert.False(notHolding.SessionsEnded.Reader.TryRead(out _));
    }

    [Fact]
    public async Task AFrontendThatStopsRenewingIsForgotten()
    {
        var (user, login) = await Grains.RegisterAndLoginAsync();
        var stale = new RecordingFrontend();
        var fresh = new RecordingFrontend();
        var userGrain = Grains.GetUser(user.UserId);
        await userGrain.AttachFrontendAsync(stale.Link(Grains));

        ClusterFixture.Time.Advance(FrontendLease.Duration);
        await userGrain.AttachFrontendAsync(fresh.Link(Grains));
        await userGrain.EndSessionAsync(SessionToken.ToSessionKey(login.Token), SessionEndReason.Logout);

        await fresh.SessionsEnded.NextAsync();
        Assert.False(stale.SessionsEnded.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SessionsSurviveDeactivation()
    {
        var (user, login) = await Grains.RegisterAndLoginAsync();

        await fixture.DeactivateAllAsync();

        Assert.Equal(user, (await Grains.GetSession(SessionToken.ToSessionKey(login.Token)).ValidateAsync())?.User);
        Assert.Contains(SessionToken.ToSessionKey(login.Token), await Grains.GetUser(user.UserId).GetSessionKeysAsync());
    }

    [Fact]
    public async Task AnEndedSessionTellsWhyItEnded()
    {
        var (user, first) = await Grains.RegisterAndLoginAsync();
        var second = await Grains.LoginAsync(user.Username);
        var firstSession = Grains.GetSession(SessionToken.ToSessionKey(first.Token));
        var secondSession = Grains.GetSession(SessionToken.ToSessionKey(second.Token));

        Assert.Null(await firstSession.GetEndReasonAsync());
        await Grains.GetUser(user.UserId).EndSessionAsync(SessionToken.ToSessionKey(first.Token), SessionEndReason.LogoutAll);
        ClusterFixture.Time.Advance(TimeSpan.FromDays(90));

        Assert.Equal(SessionEndReason.LogoutAll, await firstSession.GetEndReasonAsync());
        Assert.Equal(SessionEndReason.Expired, await secondSession.GetEndReasonAsync());
    }
}
