namespace Parley.Frontend.Realtime;

/// <summary>
/// This front-end process as grains know it: an id for its lifetime and one observer reference
/// that every room and user grain pushes to.
/// </summary>
internal sealed class FrontendNode(IGrainFactory grains, IServiceProvider services)
{
    private readonly Lock _lock = new();
    private FrontendLink? _link;

    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Created on first use: the observer can only be registered once Orleans has started.</summary>
    public FrontendLink Link
    {
        get
        {
            lock (_lock)
            {
                return _link ??= new FrontendLink(Id, grains.CreateObjectReference<IFrontendObserver>(services.GetRequiredService<FrontendObserver>()));
            }
        }
    }
}
