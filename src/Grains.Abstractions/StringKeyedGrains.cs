namespace Parley.Grains.Abstractions;

/// <summary>
/// References to string-keyed grains of interface <typeparamref name="TGrain"/> without Orleans
/// resolving the interface's grain type by reflection on every call (measured: ~2% of a dev
/// server's CPU in message fan-out, one lookup per message sent).
/// </summary>
internal static class StringKeyedGrains<TGrain>
    where TGrain : IGrainWithStringKey
{
    // A class, so that a thread racing the first resolution sees all of it or nothing.
    private static Types? s_types;

    public static TGrain Get(IGrainFactory grains, string key)
    {
        var types = s_types ??= Resolve(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static Types Resolve(IGrainFactory grains)
    {
        var reference = (GrainReference)(object)grains.GetGrain<TGrain>("-");
        return new Types(reference.GrainId.Type, reference.InterfaceType);
    }

    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);
}
