namespace Parley.Testing;

/// <summary>
/// Two front-ends on one cluster: the first co-hosts the silo (dev mode), the second is a
/// client-only front-end of it (<c>Parley:Role=Frontend</c>), as in split mode.
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
