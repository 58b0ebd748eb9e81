using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Frontend.Realtime;
using Parley.Grains.Hosting;

namespace Parley.Frontend.Tests;

/// <summary>A front-end of its own whose grains and front-end share one fake clock.</summary>
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ParleyServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await ParleyServer.StartCombinedAsync(configure: builder =>
        {
            builder.Services.AddSingleton(new GrainClock(_time));
            builder.Services.AddKeyedSingleton<TimeProvider>(FrontendClock.Key, _time);
        });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnExpiredTokenIsRefusedAndItsConnectionsEndWithReasonExpired()
    {
        var login = await _server.Http.RegisterAndLoginAsync();
        await using var chat = await ChatTestClient.ConnectAsync(_server.BaseUrl, login.Token);

        _time.Advance(TimeSpan.FromDays(90));

        using var me = await _server.Http.SendAsync(HttpMethod.Get, "/api/me", login.Token);
        await me.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        _time.Advance(FrontendLease.RenewEvery);
        Assert.Equal("expired", (await chat.SessionEnded.NextAsync()).Reason);
        await chat.Closed.Task.WaitAsync(Waiting.Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ASessionRevokedWithoutNoticeStillEndsItsConnectionsAtTheNextRenewal()
    {
        var login = await _server.Http.RegisterAndLoginAsync();
        await using var chat = await ChatTestClient.ConnectAsync(_server.BaseUrl, login.Token);

        // Revoked behind the user grain's back, so no front-end is told.
        await _server.Services.GetRequiredService<IGrainFactory>().GetSession(SessionToken.ToSessionKey(login.Token)).RevokeAsync(SessionEndReason.Logout);
        _time.Advance(FrontendLease.RenewEvery);

        Assert.Equal("logout", (await chat.SessionEnded.NextAsync()).Reason);
        await chat.Closed.Task.WaitAsync(Waiting.Patience, TestContext.Current.CancellationToken);
    }
}
