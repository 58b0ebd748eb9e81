namespace Parley.Ddp.Tests;

[CollectionDefinition(nameof(TwoFrontendsCollection))]
public sealed class TwoFrontendsCollection : ICollectionFixture<TwoFrontendsFixture>;
