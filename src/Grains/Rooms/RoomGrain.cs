using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Parley.Grains.Hosting;
using Parley.Grains.Realtime;
using Parley.Grains.Storage;

namespace Parley.Grains.Rooms;

/// <summary>
/// Reentrant so that concurrent sends share one storage write (group commit). Every change is
/// made synchronously in memory (the immutable <see cref="RoomState"/>, the unpaged messages) and
/// then committed; nothing is published or acknowledged before the write that holds it has
/// finished. A commit writes the room's row only when it changed, and new messages to the open
/// <see cref="RoomSegments">segment</see>.
/// </summary>
[Reentrant]
internal sealed partial class RoomGrain : Grain, IRoomGrain
{
    private const int MaxClientMessageIdLength = 128;
    private const int MaxNameLength = 100;
    private const int MaxPagesPerPageOut = 20;

    private readonly IPersistentState<RoomState> _room;
    private readonly IGrainStorage _segmentStorage;
    private readonly GrainClock _clock;
    private readonly ILogger<RoomGrain> _logger;
    private readonly FrontendRegistry _frontends;
    private readonly PresenceBook _presence = new();
    private readonly GroupCommit _commit;
    /// <summary>
    /// Recent sends by (sender, clientMessageId), for idempotent retries: rebuilt from the stored
    /// segments on activation (so at least the newest <see cref="RoomHistory.MinTail"/> survive a
    /// failover) and kept in memory for the latest <see cref="RoomHistory.RememberedSends"/> while
    /// the activation lives.
    /// </summary>
    private readonly Dictionary<(string SenderId, string ClientMessageId), ChatMessage> _recentSends = [];
    private readonly Queue<(string SenderId, string ClientMessageId)> _recentSendOrder = new();
    private readonly HashSet<string> _joinedUsers = [];
    private string _id = "";
    private RoomSegments _segments = null!;

    /// <summary>Messages after <see cref="RoomState.PagedThroughSeq"/>, ascending and contiguous, stored or not.</summary>
    private ImmutableList<ChatMessage> _tail = [];
    private long _latestSeq;
    private long _storedSeq;
    private bool _roomChanged;
    private bool _pagingOut;
    private Exception? _storageFailure;

    public RoomGrain(
        [PersistentState("room", StorageNames.Parley)] IPersistentState<RoomState> room,
        [FromKeyedServices(StorageNames.Segments)] IGrainStorage segmentStorage,
        GrainClock clock,
        ILogger<RoomGrain> logger)
    {
        _room = room;
        _segmentStorage = segmentStorage;
        _clock = clock;
        _logger = logger;
        _frontends = new FrontendRegistry(clock.Time);
        _commit = new GroupCommit(WriteAsync);
    }

    private RoomState State => _room.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        _segments = new RoomSegments(_segmentStorage, _id);
        var unpaged = await _segments.LoadAsync(State.FirstSegment, State.PagedThroughSeq);
        if (!State.LegacyTail.IsEmpty)
        {
            await MoveLegacyTailAsync(unpaged);
            unpaged = await _segments.LoadAsync(State.FirstSegment, State.PagedThroughSeq);
        }

        _tail = unpaged;
        _latestSeq = _storedSeq = State.PagedThroughSeq + unpaged.Count;
        foreach (var message in unpaged)
        {
            RememberSent(message);
        }

        if (_id == RoomId.General.Value && !State.Created)
        {
            Change(State with { Created = true, Name = "General", CreatedAt = _clock.UtcNow });
        }
    }

    public async ValueTask<RoomInfo> CreateAsync(CreateRoom command)
    {
        var name = ValidName(command.Name);
        ThrowIfExists();
        if (!command.IsPrivate)
        {
            await GrainFactory.GetRoomDirectory().AddPublicRoomAsync(_id);
        }

        ThrowIfExists(); // another create may have won while we awaited
        Change(State with
        {
            Created = true,
            Name = name,
            IsPrivate = command.IsPrivate,
            CreatedBy = command.Creator.UserId,
            CreatedAt = _clock.UtcNow,
            Members = command.IsPrivate ? [command.Creator.UserId] : [],
        });
        await CommitAsync();
        await JoinUserAsync(command.Creator.UserId);
        return Info();
    }

    public ValueTask<RoomInfo> GetInfoAsync(string userId)
    {
        RequireAccess(userId);
        return ValueTask.FromResult(Info());
    }

    public ValueTask<RoomInfo?> FindVisibleAsync(string userId) =>
        ValueTask.FromResult(State.Created && CanAccess(userId) ? Info() : null);

    public async ValueTask InviteAsync(string inviterId, UserProfile invitee)
    {
        RequireAccess(inviterId);
        if (State.IsPrivate && !State.Members.Contains(invitee.UserId))
        {
            Change(State with { Members = State.Members.Add(invitee.UserId) });
            await CommitAsync();
        }

        await GrainFactory.GetUser(invitee.UserId).AddRoomAsync(_id);
    }

    public async ValueTask<ChatMessage> SendAsync(SendMessage command)
    {
        RequireAccess(command.Sender.UserId);
        MessageText.Validate(command.Text);
        var clientMessageId = string.IsNullOrEmpty(command.ClientMessageId) ? null : command.ClientMessageId;
        if (clientMessageId is { Length: > MaxClientMessageIdLength })
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"clientMessageId is longer than {MaxClientMessageIdLength} characters");
        }

        if (clientMessageId is not null && _recentSends.TryGetValue((command.Sender.UserId, clientMessageId), out var earlier))
        {
            if (earlier.Seq > _storedSeq)
            {
                await CommitAsync();
            }

            return earlier;
        }

        var message = new ChatMessage(
            _id,
            _latestSeq + 1,
            Guid.CreateVersion7().ToString("N"),
            command.Sender.UserId,
            command.Sender.Username,
            command.Text,
            _clock.UtcNow,
            clientMessageId);
        _tail = _tail.Add(message);
        _latestSeq = message.Seq;
        RememberSent(message);
        await CommitAsync();
        await JoinUserAsync(command.Sender.UserId);
        return message;
    }

    public async ValueTask<RoomReplay> JoinAsync(UserProfile user, long? sinceSeq, int max, long? upToSeq)
    {
        RequireAccess(user.UserId);
        if (max < 1)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "max must be at least 1");
        }

        var last = Math.Min(upToSeq ?? _storedSeq, _storedSeq);
        var since = Math.Clamp(sinceSeq ?? 0, 0, last);
        var first = Math.Max(since + 1, last - max + 1);
        var messages = await ReadRangeAsync(first, last);
        await JoinUserAsync(user.UserId);
        return new RoomReplay(Info(), messages, last, first > since + 1);
    }

    public async ValueTask<ImmutableArray<ChatMessage>> GetHistoryAsync(string userId, long? beforeSeq, int limit)
    {
        RequireAccess(userId);
        if (limit < 1)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "limit must be at least 1");
        }

        var last = Math.Min((beforeSeq ?? long.MaxValue) - 1, _storedSeq);
        var first = Math.Max(1, last - Math.Min(limit, RoomHistory.MaxHistoryLimit) + 1);
        return await ReadRangeAsync(first, last);
    }

    public async ValueTask<ImmutableArray<ChatMessage>> GetRangeAsync(long afterSeq, long upToSeq)
    {
        var last = Math.Min(upToSeq, _storedSeq);
        var first = Math.Max(afterSeq + 1, 1);
        if (last - first + 1 > RoomHistory.MaxRangeLength)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"at most {RoomHistory.MaxRangeLength} messages per range");
        }

        return await ReadRangeAsync(first, last);
    }

    public ValueTask<long> AttachFrontendAsync(FrontendLink link, ImmutableArray<UserProfile> onlineUsers)
    {
        ForgetExpiredFrontends();
        _frontends.Renew(link);
        Announce(_presence.Replace(link.FrontendId, onlineUsers));
        return ValueTask.FromResult(_storedSeq);
    }

    public ValueTask DetachFrontendAsync(string frontendId)
    {
        _frontends.Remove(frontendId);
        Announce(_presence.Remove(frontendId));
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPresenceAsync(string frontendId, UserProfile user, bool online)
    {
        if (_presence.Set(frontendId, user, online))
        {
            Announce([(user, online)]);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ImmutableArray<UserProfile>> GetPresenceAsync(string userId)
    {
        RequireAccess(userId);
        ForgetExpiredFrontends();
        return ValueTask.FromResult(_presence.Online.ToImmutableArray());
    }

    public ValueTask TypingAsync(UserProfile user)
    {
        RequireAccess(user.UserId);
        var notice = new TypingNotice(_id, user);
        _frontends.ForEach(frontend => frontend.OnTypingAsync(notice).Ignore());
        return ValueTask.CompletedTask;
    }

    private Task CommitAsync() =>
        _storageFailure is null
            ? _commit.CommitAsync()
            : throw new ParleyException(ParleyErrorCode.Unavailable, "room is restarting after a storage failure; retry");

    private async Task WriteAsync()
    {
        if (_storageFailure is not null)
        {
            throw new ParleyException(ParleyErrorCode.Unavailable, "room is restarting after a storage failure; retry");
        }

        var (tail, latest, roomChanged) = (_tail, _latestSeq, _roomChanged);
        _roomChanged = false;
        try
        {
            await Task.WhenAll(
                latest > _storedSeq ? _segments.AppendAsync(tail, _storedSeq) : Task.CompletedTask,
                roomChanged ? _room.WriteStateAsync() : Task.CompletedTask);
        }
        catch (Exception exception)
        {
            // Memory now runs ahead of storage (and of any competing activation): stop accepting
            // work and reload from storage in a fresh activation.
            _storageFailure = exception;
            LogStorageFailure(exception, _id);
            DeactivateOnIdle();
            throw;
        }

        Publish(tail, latest);
        _storedSeq = latest;
        if (!_pagingOut && FullPagesToMove() > 0)
        {
            _pagingOut = true;
            PageOutAsync().Ignore();
        }
    }

    private void Publish(ImmutableList<ChatMessage> tail, long latest)
    {
        if (latest <= _storedSeq || _frontends.IsEmpty)
        {
            return;
        }

        var fresh = RoomHistory.Slice(tail, _storedSeq + 1, latest);
        _frontends.ForEach(frontend => frontend.OnMessagesAsync(_id, fresh).Ignore());
    }

    /// <summary>
    /// Moves the oldest full pages of the unpaged messages into immutable page grains, so a room's
    /// segments stay few, and keeps going until they are under the threshold even if sends have stopped.
    /// </summary>
    private async Task PageOutAsync()
    {
        try
        {
            while (FullPagesToMove() is var pageCount and > 0)
            {
                var moving = RoomHistory.Slice(_tail, State.PagedThroughSeq + 1, State.PagedThroughSeq + (pageCount * RoomHistory.PageSize));
                var roomId = RoomId.Create(_id);
                await Task.WhenAll(moving.Chunk(RoomHistory.PageSize).Select(page =>
                    GrainFactory.GetHistoryPage(roomId, RoomHistory.PageOf(page[0].Seq)).WriteAsync([.. page]).AsTask()));
                var pagedThrough = State.PagedThroughSeq + moving.Length;
                var firstSegment = _segments.SegmentOf(pagedThrough + 1);
                Change(State with { PagedThroughSeq = pagedThrough, FirstSegment = firstSegment });
                _tail = _tail.RemoveRange(0, moving.Length);
                await CommitAsync();
                await _segments.DropBeforeAsync(firstSegment);
            }
        }
        catch (Exception exception)
        {
            LogPageOutFailed(exception, _id);
        }
        finally
        {
            _pagingOut = false;
        }
    }

    /// <summary>
    /// Stored full pages beyond the <see cref="RoomHistory.MinTail"/> newest messages the tail
    /// keeps, at most <see cref="MaxPagesPerPageOut"/> per pass so one commit stays small.
    /// </summary>
    private int FullPagesToMove()
    {
        var stored = _storedSeq - State.PagedThroughSeq;
        return stored >= RoomHistory.TailFlushThreshold
            ? (int)Math.Min((stored - RoomHistory.MinTail) / RoomHistory.PageSize, MaxPagesPerPageOut)
            : 0;
    }

    private async Task<ImmutableArray<ChatMessage>> ReadRangeAsync(long first, long last)
    {
        if (last < first)
        {
            return [];
        }

        var (pagedThroughSeq, tail) = (State.PagedThroughSeq, _tail);
        var result = ImmutableArray.CreateBuilder<ChatMessage>((int)(last - first + 1));
        var lastPaged = Math.Min(last, pagedThroughSeq);
        if (first <= lastPaged)
        {
            var roomId = RoomId.Create(_id);
            var pages = await Task.WhenAll(
                Enumerable.Range(0, (int)(RoomHistory.PageOf(lastPaged) - RoomHistory.PageOf(first) + 1))
                    .Select(i => GrainFactory.GetHistoryPage(roomId, RoomHistory.PageOf(first) + i).ReadAsync().AsTask()));
            result.AddRange(pages.SelectMany(page => page).Where(m => m.Seq >= first && m.Seq <= lastPaged));
        }

        result.AddRange(RoomHistory.Slice(tail, Math.Max(first, pagedThroughSeq + 1), last));

        return result.DrainToImmutable();
    }

    /// <summary>Rows written before segments held the unpaged messages themselves: move them into a segment.</summary>
    private async Task MoveLegacyTailAsync(ImmutableList<ChatMessage> alreadyInSegments)
    {
        if (alreadyInSegments.IsEmpty)
        {
            await _segments.AppendAsync(State.LegacyTail, State.PagedThroughSeq);
        }

        _room.State = State with { LegacyTail = [] };
        await _room.WriteStateAsync();
    }

    private void Change(RoomState next)
    {
        _room.State = next;
        _roomChanged = true;
    }

    private async Task JoinUserAsync(string userId)
    {
        if (!_joinedUsers.Add(userId))
        {
            return;
        }

        try
        {
            await GrainFactory.GetUser(userId).AddRoomAsync(_id);
        }
        catch (Exception exception)
        {
            // The message or subscription itself succeeded; the join is retried on the user's next call.
            _joinedUsers.Remove(userId);
            LogJoinFailed(exception, userId, _id);
        }
    }

    private void RememberSent(ChatMessage message)
    {
        if (message.ClientMessageId is { } clientMessageId)
        {
            var key = (message.SenderId, clientMessageId);
            if (_recentSends.TryAdd(key, message))
            {
                _recentSendOrder.Enqueue(key);
            }

            while (_recentSendOrder.Count > RoomHistory.RememberedSends)
            {
                _recentSends.Remove(_recentSendOrder.Dequeue());
            }
        }
    }

    private void ForgetExpiredFrontends()
    {
        foreach (var frontendId in _frontends.RemoveExpired())
        {
            Announce(_presence.Remove(frontendId));
        }
    }

    private void Announce(IEnumerable<(UserProfile User, bool Online)> flips)
    {
        foreach (var (user, online) in flips)
        {
            var change = new PresenceChanged(_id, user, online);
            _frontends.ForEach(frontend => frontend.OnPresenceAsync(change).Ignore());
        }
    }

    private RoomInfo Info() => new(_id, State.Name, State.IsPrivate, _storedSeq);

    private bool CanAccess(string userId) => !State.IsPrivate || State.Members.Contains(userId);

    private void RequireAccess(string userId)
    {
        if (!State.Created)
        {
            throw new ParleyException(ParleyErrorCode.NotFound, $"room '{_id}' does not exist");
        }

        if (!CanAccess(userId))
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, $"room '{_id}' is private");
        }
    }

    private void ThrowIfExists()
    {
        if (State.Created)
        {
            throw new ParleyException(ParleyErrorCode.RoomExists, $"room '{_id}' already exists");
        }
    }

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= MaxNameLength
            ? trimmed
            : throw new ParleyException(ParleyErrorCode.InvalidArgument, $"room name must be 1-{MaxNameLength} characters");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId}: storage write failed; deactivating to reload")]
    private partial void LogStorageFailure(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: paging out history failed; will retry")]
    private partial void LogPageOutFailed(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: recording membership of user {UserId} failed")]
    private partial void LogJoinFailed(Exception exception, string userId, string roomId);
}
