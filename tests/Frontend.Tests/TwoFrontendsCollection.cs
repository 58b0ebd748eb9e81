namespace Parley.Frontend.Tests;

[CollectionDefinition(nameof(TwoFrontendsCollection))]
public sealed class TwoFrontendsCollection : ICollectionFixture<TwoFrontendsFixture>;
