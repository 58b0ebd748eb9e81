using Parley.Grains.Accounts;

namespace Parley.Grains.Tests;

[Collection(nameof(ClusterCollection))]
public sealed class AccountTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task RegisteredUserCanLogInWithThePassword()
    {
        var user = await Grains.RegisterAsync();

        var login = await Grains.LoginAsync(user.Username);

        Assert.Equal(user, login.User);
        Assert.True(SessionToken.HasTokenShape(login.Token));
    }

    [Fact]
    public async Task AnAccountDoesNotStayActiveAfterLogin()
    {
        var user = await Grains.RegisterAsync();
        await Grains.LoginAsync(user.Username);

        var account = ((GrainReference)Grains.GetAccount(Username.Create(user.Username))).GrainId;
        var management = Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await management.GetActiveGrains(account.Type, TestContext.Current.CancellationToken)).Contains(account))
        {
            Assert.True(DateTime.UtcNow < deadline, "the account grain is still active 10 s after login");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task UsernamesAreUniqueIgnoringCase()
    {
        var name = TestUsers.UniqueName("Case");
        await Grains.RegisterAsync(name);

        var error = await Assert.ThrowsAsync<ParleyException>(() => Grains.RegisterAsync(name.ToUpperInvariant()));

        Assert.Equal(ParleyErrorCode.UsernameTaken, error.Code);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("this-name-is-far-too-long-for-us-x")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    [InlineData("")]
    public void InvalidUsernamesAreRefused(string name)
    {
        var error = Assert.Throws<ParleyException>(() => Username.Create(name));

        Assert.Equal(ParleyErrorCode.InvalidUsername, error.Code);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("")]
    public void PasswordsShorterThanEightAreWeak(string password)
    {
        var error = Assert.Throws<ParleyException>(() => Password.Validate(password));

        Assert.Equal(ParleyErrorCode.WeakPassword, error.Code);
    }

    [Fact]
    public void PasswordsLongerThan128AreWeak() =>
        Assert.Equal(ParleyErrorCode.WeakPassword, Assert.Throws<ParleyException>(() => Password.Validate(new string('x', 129))).Code);

    [Fact]
    public async Task WrongPasswordAndUnknownUserLookTheSame()
    {
        var user = await Grains.RegisterAsync();

        var wrongPassword = await Assert.ThrowsAsync<ParleyException>(() => Grains.LoginAsync(user.Username, "not the password"));
        var unknownUser = await Assert.ThrowsAsync<ParleyException>(() => Grains.LoginAsync(TestUsers.UniqueName()));

        Assert.Equal(ParleyErrorCode.InvalidCredentials, wrongPassword.Code);
        Assert.Equal(wrongPassword.Code, unknownUser.Code);
        Assert.Equal(wrongPassword.Message, unknownUser.Message);
    }

    [Fact]
    public async Task PasswordIsStoredAsASaltedSlowHashOfItsDigest()
    {
        var first = await Grains.RegisterAsync();
        var second = await Grains.RegisterAsync();

        var firstState = await fixture.ReadStoredStateAsync<AccountState>("account", "account", first.Username.ToLowerInvariant());
        var secondState = await fixture.ReadStoredStateAsync<AccountState>("account", "account", second.Username.ToLowerInvariant());

        Assert.StartsWith("pbkdf2-sha256$1000$", firstState.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain(TestUsers.Digest(TestUsers.Password), firstState.PasswordHash, StringComparison.Ordinal);
        Assert.NotEqual(firstState.PasswordHash, secondState.PasswordHash);
    }

    [Fact]
    public async Task AccountSurvivesDeactivation()
    {
        var user = await Grains.RegisterAsync();

        await fixture.DeactivateAllAsync();

        Assert.Equal(user, await Grains.GetAccount(Username.Create(user.Username)).GetProfileAsync());
        Assert.Equal(user, (await Grains.LoginAsync(user.Username)).User);
    }
}
