namespace Parley.Ddp.Tests;

/// <summary>
/// Two front-ends on one cluster, as Meteor's "login server + business server" becomes in
/// Parley: the first co-hosts the silo, the second is a client-only front-end of it.
/// </summary>
public sealed class TwoFrontendsFixture : IAsyncLifetime
{
    public ParleyServer First { get; private set; } = null!;

    public ParleyServer Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        First = await ParleyServer.StartCombinedAsync();
        Second = await ParleyServer.StartClientOfAsync(First);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

[CollectionDefinition(nameof(TwoFrontendsCollection))]
public sealed class TwoFrontendsCollection : ICollectionFixture<TwoFrontendsFixture>;
