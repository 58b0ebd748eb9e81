namespace Parley.Hostile.Tests;

[CollectionDefinition(nameof(TwoFrontendsCollection))]
public sealed class TwoFrontendsCollection : ICollectionFixture<TwoFrontendsFixture>;
