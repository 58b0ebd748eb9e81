namespace Parley.Grains.Abstractions;

/// <summary>A front-end process as grains know it: a stable id for its lifetime and its observer.</summary>
[GenerateSerializer, Immutable, Alias("frontend-link")]
public sealed record FrontendLink(
    [property: Id(0)] string FrontendId,
    [property: Id(1)] IFrontendObserver Observer);
