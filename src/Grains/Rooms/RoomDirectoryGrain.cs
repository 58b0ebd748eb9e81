using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text;

namespace Parley.Grains.Rooms;

[GenerateSerializer, Alias("room-directory-state")]
internal sealed class RoomDirectoryState
{
    /// <summary>Ids of public rooms listed before entries had names.</summary>
    [Id(0)] public ImmutableSortedSet<string> PublicRooms { get; set; } = [];

    [Id(1)] public Dictionary<string, DirectoryEntry> Entries { get; set; } = [];
}

/// <summary>
/// Every public room's name and topic, kept in memory in name order: a search is one call to
/// this grain and a scan of its list, never a call per room.
/// </summary>
internal sealed class RoomDirectoryGrain(
    [PersistentState("directory", StorageNames.Parley)] IPersistentState<RoomDirectoryState> directory) : Grain, IRoomDirectoryGrain
{
    private ImmutableSortedSet<DirectoryEntry> _byName = ImmutableSortedSet<DirectoryEntry>.Empty.WithComparer(ByName.Instance);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var entries = directory.State.Entries;
        foreach (var roomId in directory.State.PublicRooms.Add(RoomId.General.Value).Where(id => !entries.ContainsKey(id)))
        {
            entries[roomId] = new DirectoryEntry(roomId, roomId == RoomId.General.Value ? "General" : roomId, "");
        }

        _byName = ImmutableSortedSet.CreateRange(ByName.Instance, entries.Values);
        return Task.CompletedTask;
    }

    public async ValueTask UpsertPublicRoomAsync(DirectoryEntry entry)
    {
        if (directory.State.Entries.TryGetValue(entry.RoomId, out var known))
        {
            if (known == entry)
            {
                return;
            }

            _byName = _byName.Remove(known);
        }

        directory.State.Entries[entry.RoomId] = entry;
        _byName = _byName.Add(entry);
        await directory.WriteStateAsync();
    }

    public ValueTask<ImmutableArray<string>> ListPublicRoomsAsync() =>
        ValueTask.FromResult(directory.State.Entries.Keys.Order(StringComparer.Ordinal).ToImmutableArray());

    public ValueTask<DirectoryPage> SearchAsync(string query, string? after, int limit)
    {
        var matches = _byName.AsEnumerable();
        if (Cursor.TryRead(after, out var position))
        {
            matches = _byName.Where(entry => ByName.Instance.Compare(entry, position) > 0);
        }

        if (query.Length > 0)
        {
            matches = matches.Where(entry => entry.Name.Contains(query, StringComparison.OrdinalIgnoreCase) || entry.RoomId.Contains(query, StringComparison.OrdinalIgnoreCase));
        }

        var page = matches.Take(limit + 1).ToList();
        var rooms = page.Take(limit).ToImmutableArray();
        return ValueTask.FromResult(new DirectoryPage(rooms, page.Count > limit ? Cursor.Write(rooms[^1]) : null));
    }

    /// <summary>Name order, ignoring case, then id: the order pages follow.</summary>
    private sealed class ByName : IComparer<DirectoryEntry>
    {
        public static readonly ByName Instance = new();

        public int Compare(DirectoryEntry? x, DirectoryEntry? y)
        {
            var byName = StringComparer.OrdinalIgnoreCase.Compare(x?.Name, y?.Name);
            return byName != 0 ? byName : StringComparer.Ordinal.Compare(x?.RoomId, y?.RoomId);
        }
    }

    /// <summary>Where a page ended, as an opaque token: the last entry's name and id.</summary>
    private static class Cursor
    {
        public static string Write(DirectoryEntry last) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.Name}\n{last.RoomId}"));

        public static bool TryRead(string? token, out DirectoryEntry position)
        {
            position = null!;
            if (string.IsNullOrEmpty(token))
            {
                return false;
            }

            string text;
            try
            {
                text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            }
            catch (FormatException)
            {
                text = "";
            }

            var newline = text.LastIndexOf('\n');
            position = newline >= 0
                ? new DirectoryEntry(text[(newline + 1)..], text[..newline], "")
                : throw new ParleyException(ParleyErrorCode.InvalidArgument, "not a cursor of this directory");
            return true;
        }
    }
}
