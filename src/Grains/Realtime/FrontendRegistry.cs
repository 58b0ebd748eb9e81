namespace Parley.Grains.Realtime;

/// <summary>
/// The front-ends a grain pushes to, each with a lease that the front-end renews. A front-end that
/// stops renewing (it died, or this grain moved and it has not re-attached yet) is forgotten.
/// </summary>
internal sealed class FrontendRegistry(TimeProvider time)
{
    private readonly Dictionary<string, (IFrontendObserver Observer, DateTimeOffset ExpiresAt)> _frontends = [];

    public bool IsEmpty => _frontends.Count == 0;

    public void Renew(FrontendLink link) =>
        _frontends[link.FrontendId] = (link.Observer, time.GetUtcNow() + FrontendLease.Duration);

    public bool Remove(string frontendId) => _frontends.Remove(frontendId);

    /// <summary>Drops expired leases and returns the ids of the front-ends dropped.</summary>
    public List<string> RemoveExpired()
    {
        var now = time.GetUtcNow();
        var expired = _frontends.Where(f => f.Value.ExpiresAt <= now).Select(f => f.Key).ToList();
        foreach (var id in expired)
        {
            _frontends.Remove(id);
        }

        return expired;
    }

    public void ForEach(Action<IFrontendObserver> notify)
    {
        foreach (var (observer, _) in _frontends.Values)
        {
            notify(observer);
        }
    }
}
