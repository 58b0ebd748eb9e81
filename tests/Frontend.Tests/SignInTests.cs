using Microsoft.Extensions.DependencyInjection;
using Parley.Frontend.Realtime;

namespace Parley.Frontend.Tests;

/// <summary>A login that races a logout never leaves a connection logged in with a dead session, whatever the protocol.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class SignInTests(TwoFrontendsFixture cluster)
{
    [Fact]
    public async Task ASessionThatEndedBeforeItsConnectionWasRegisteredIsRefused()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var grains = cluster.First.Services.GetRequiredService<IGrainFactory>();
        var key = SessionToken.ToSessionKey(alice.Token);
        var session = await grains.GetSession(key).ValidateAsync();
        Assert.NotNull(session);
        await grains.GetUser(alice.UserId).EndSessionAsync(key, SessionEndReason.LogoutAll);

        var registry = cluster.First.Services.GetRequiredService<ConnectionRegistry>();
        var connection = registry.Open($"test:{Guid.NewGuid():N}", new NullTransport());
        try
        {
            Assert.Equal(SessionEndReason.LogoutAll, await registry.SignInAsync(connection, session));
            Assert.Null(connection.Login);
            Assert.DoesNotContain(connection, registry.OfUser(alice.UserId));
        }
        finally
        {
            registry.Remove(connection);
        }
    }

    private sealed class NullTransport : IConnectionTransport
    {
        public ValueTask WriteAsync(Push push) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(CloseReason reason) => ValueTask.CompletedTask;

        public void Abort(CloseReason reason)
        {
        }
    }
}
