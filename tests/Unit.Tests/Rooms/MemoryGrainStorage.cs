using System.Globalization;
using Orleans.Storage;

namespace Parley.Unit.Tests.Rooms;

/// <summary>Grain storage in a dictionary, with ETags checked as Orleans' providers check them.</summary>
internal sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string State, GrainId Grain), (object Value, int Version)> _rows = [];

    public int Count => _rows.Count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_rows.TryGetValue((stateName, grainId), out var row))
        {
            (grainState.State, grainState.ETag, grainState.RecordExists) = ((T)row.Value, ETag(row.Version), true);
        }
        else
        {
            (grainState.ETag, grainState.RecordExists) = (null, false);
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var version = CheckETag(stateName, grainId, grainState.ETag) + 1;
        _rows[(stateName, grainId)] = (grainState.State!, version);
        (grainState.ETag, grainState.RecordExists) = (ETag(version), true);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        CheckETag(stateName, grainId, grainState.ETag);
        _rows.Remove((stateName, grainId));
        (grainState.ETag, grainState.RecordExists) = (null, false);
        return Task.CompletedTask;
    }

    private int CheckETag(string stateName, GrainId grainId, string? etag)
    {
        var current = _rows.TryGetValue((stateName, grainId), out var row) ? ETag(row.Version) : null;
        return etag == current
            ? row.Version
            : throw new InconsistentStateException($"{grainId} was written meanwhile", current, etag);
    }

    private static string ETag(int version) => version.ToString(CultureInfo.InvariantCulture);
}
