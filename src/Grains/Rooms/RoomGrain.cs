using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Parley.Grains.Hosting;
using Parley.Grains.Storage;
using Parley.Grains.Webhooks;

namespace Parley.Grains.Rooms;

/// <summary>
/// A room: who may enter (<see cref="RoomAccess"/>; membership in RoomGrain.Membership.cs), its
/// sequence of messages and events (<see cref="RoomLog"/>; edits in RoomGrain.Edits.cs) and who
/// listens (<see cref="RoomAudience"/>). Reentrant so that concurrent sends share one storage write
/// (group commit): every change is made in memory, then committed; a message is pushed to the
/// front-ends and acknowledged only after the write that holds it has finished. A failed write
/// leaves memory ahead of storage: the room then refuses changes at once with <c>unavailable</c>,
/// keeps answering reads of what was acknowledged, and reloads from storage as soon as it can.
/// </summary>
[Reentrant]
internal sealed partial class RoomGrain : Grain, IRoomGrain
{
    private readonly IPersistentState<RoomState> _room;
    private readonly IGrainStorage _segmentStorage;
    private readonly GrainClock _clock;
    private readonly RoomOptions _options;
    private readonly ILogger<RoomGrain> _logger;
    private readonly GroupCommit _commit;
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(1);

    private readonly HashSet<string> _joinedUsers = [];
    private string _id = "";
    private RoomLog _log = null!;
    private RecentSends _recentSends = null!;
    private RoomAudience _audience = null!;
    private WebhookFanout _webhooks = null!;
    private long _publishedSeq;
    private DateTimeOffset _lastActivity;
    private bool _roomChanged;
    private Task _pageOut = Task.CompletedTask;
    private bool _storageFailed;
    private bool _superseded;
    private bool _reloading;
    private DateTimeOffset _lastReload;

    public RoomGrain(
        [PersistentState("room", StorageNames.Parley)] IPersistentState<RoomState> room,
        [FromKeyedServices(StorageNames.Segments)] IGrainStorage segmentStorage,
        GrainClock clock,
        IOptions<RoomOptions> options,
        ILogger<RoomGrain> logger)
    {
        _options = options.Value;
        _room = room;
        _segmentStorage = segmentStorage;
        _clock = clock;
        _logger = logger;
        _commit = new GroupCommit(WriteAsync);
    }

    private RoomState State => _room.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        _audience = new RoomAudience(_id, _clock.Time, _options.PresenceAnnounceLimit);
        _webhooks = new WebhookFanout(GrainFactory, _clock.Time);
        await LoadLogAsync();
        _publishedSeq = _log.StoredSeq;
        _lastActivity = _publishedSeq > _log.PagedThroughSeq && _log.Unpaged(_publishedSeq, _publishedSeq) is [var last] ? last.SentAt : State.CreatedAt;
        if (_id == RoomId.General.Value && !State.Created)
        {
            Change(State with { Created = true, Name = "General", CreatedAt = _clock.UtcNow });
        }
    }

    public async ValueTask<RoomInfo> CreateAsync(CreateRoom command)
    {
        var name = ValidName(command.Name);
        if (DirectRoom.IsDirect(RoomId.Create(_id)))
        {
            throw new ParleyException(ParleyErrorCode.InvalidRoomId, $"room ids starting with '{DirectRoom.Prefix}' are reserved for direct conversations");
        }

        ThrowIfExists();
        ThrowIfStorageFailed();
        await GrainFactory.GetUser(command.Creator.UserId).AdmitRoomCreationAsync();
        if (!command.IsPrivate)
        {
            await GrainFactory.GetRoomDirectory().UpsertPublicRoomAsync(new DirectoryEntry(_id, name, ""));
        }

        ThrowIfExists(); // another create may have won while we awaited
        Change(new RoomState
        {
            Created = true,
            Name = name,
            IsPrivate = command.IsPrivate,
            CreatedBy = command.Creator.UserId,
            CreatedAt = _clock.UtcNow,
        }.WithMember(command.Creator));
        await CommitAsync();
        await JoinUserAsync(command.Creator.UserId);
        return Info(command.Creator.UserId);
    }

    public ValueTask<RoomInfo> GetInfoAsync(string userId)
    {
        RequireAccess(userId);
        return ValueTask.FromResult(Info(userId));
    }

    public ValueTask<RoomInfo?> FindVisibleAsync(string userId) =>
        ValueTask.FromResult(State.Created && State.CanAccess(userId) ? Info(userId) : null);

    /// <summary>
    /// Adds the invitee as a member (no event in the sequence: an API v1 room keeps numbering its
    /// messages 1, 2, 3…). Any member may invite; bringing back someone removed takes the owner or an admin.
    /// </summary>
    public async ValueTask InviteAsync(string inviterId, UserProfile invitee)
    {
        RequireAccess(inviterId);
        if (State.Kind == RoomKind.Direct)
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "a direct conversation has exactly two members");
        }

        if (State.Removed.Contains(invitee.UserId) && !State.CanManage(inviterId))
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "only the owner or an admin may bring back a removed member");
        }

        ThrowIfStorageFailed();
        if (!ServiceIdentity.IsService(inviterId))
        {
            await GrainFactory.GetUser(inviterId).AdmitInviteAsync();
        }

        if (!State.IsMember(invitee.UserId))
        {
            Change(State.WithMember(invitee));
            await CommitAsync();
        }

        await GrainFactory.GetUser(invitee.UserId).AddRoomAsync(_id);
    }

    public async ValueTask<ChatMessage> SendAsync(SendMessage command)
    {
        RequireAccess(command.Sender.UserId);
        MessageText.Validate(command.Text);
        var clientMessageId = string.IsNullOrEmpty(command.ClientMessageId) ? null : command.ClientMessageId;
        if (clientMessageId is { Length: > ApiLimits.MaxClientMessageIdLength })
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"clientMessageId is longer than {ApiLimits.MaxClientMessageIdLength} characters");
        }

        ThrowIfStorageFailed();
        if (clientMessageId is not null && _recentSends.TryFind(command.Sender.UserId, clientMessageId, out var earlierSeq))
        {
            return await EarlierSendAsync(earlierSeq);
        }

        var message = new ChatMessage(
            _id,
            _log.LatestSeq + 1,
            Guid.CreateVersion7().ToString("N"),
            command.Sender.UserId,
            command.Sender.Username,
            command.Text,
            _clock.UtcNow,
            clientMessageId);
        JoinImplicitly(command.Sender);
        _log.Append(message);
        _recentSends.Remember(message);
        await CommitAsync();
        PublishStored();
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

        if (!_storageFailed && JoinImplicitly(user))
        {
            await CommitAsync();
        }

        var last = Math.Min(upToSeq ?? _publishedSeq, _publishedSeq);
        var since = Math.Clamp(sinceSeq ?? 0, 0, last);
        var first = Math.Max(since + 1, last - max + 1);
        var entries = await _log.ReadAsync(first, last);
        await JoinUserAsync(user.UserId);
        return new RoomReplay(Info(user.UserId), entries, last, first > since + 1);
    }

    public async ValueTask<ImmutableArray<ChatMessage>> GetHistoryAsync(string userId, long? beforeSeq, int limit)
    {
        RequireAccess(userId);
        if (limit < 1)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "limit must be at least 1");
        }

        // Events take seqs too: read back until the page holds enough messages or history begins.
        var wanted = Math.Min(limit, ApiLimits.MaxHistoryPage);
        var messages = new List<ChatMessage>(wanted);
        for (var last = Math.Min((beforeSeq ?? long.MaxValue) - 1, _publishedSeq); last >= 1 && messages.Count < wanted;)
        {
            var first = Math.Max(1, last - (wanted - messages.Count) + 1);
            messages.InsertRange(0, (await _log.ReadAsync(first, last)).Where(entry => entry.IsMessage));
            last = first - 1;
        }

        return [.. messages];
    }

    public async ValueTask<ImmutableArray<ChatMessage>> GetRangeAsync(long afterSeq, long upToSeq)
    {
        var last = Math.Min(upToSeq, _publishedSeq);
        var first = Math.Max(afterSeq + 1, 1);
        if (last - first + 1 > ApiLimits.MaxRangeLength)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, $"at most {ApiLimits.MaxRangeLength} messages per range");
        }

        return await _log.ReadAsync(first, last);
    }

    public ValueTask<long> AttachFrontendAsync(FrontendLink link, ImmutableArray<UserProfile> onlineUsers)
    {
        _audience.Attach(link, onlineUsers);
        return ValueTask.FromResult(_publishedSeq);
    }

    public ValueTask DetachFrontendAsync(string frontendId)
    {
        _audience.Detach(frontendId);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetPresenceAsync(string frontendId, UserProfile user, bool online)
    {
        _audience.SetPresence(frontendId, user, online);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ImmutableArray<UserProfile>> GetPresenceAsync(string userId)
    {
        RequireAccess(userId);
        return ValueTask.FromResult(_audience.Online);
    }

    public ValueTask TypingAsync(UserProfile user)
    {
        RequireAccess(user.UserId);
        var notice = new TypingNotice(_id, user);
        _audience.Notify(frontend => frontend.OnTypingAsync(notice));
        return ValueTask.CompletedTask;
    }

    /// <summary>A retried send: the message stored the first time, once it is durable and pushed.</summary>
    private async Task<ChatMessage> EarlierSendAsync(long seq)
    {
        if (seq > _publishedSeq)
        {
            await CommitAsync();
            PublishStored();
        }

        return (await _log.ReadAsync(seq, seq))[0];
    }

    private async Task LoadLogAsync()
    {
        var log = new RoomLog(new RoomSegments(_segmentStorage, _id), new RoomPageGrains(GrainFactory, RoomId.Create(_id)));
        var recentSends = new RecentSends();
        foreach (var message in await log.LoadAsync(State.FirstSegment, State.PagedThroughSeq))
        {
            recentSends.Remember(message);
        }

        (_log, _recentSends) = (log, recentSends);
    }

    private Task CommitAsync()
    {
        ThrowIfStorageFailed();
        return _commit.CommitAsync();
    }

    /// <summary>Before any change is made in memory: none may be while memory and storage disagree.</summary>
    private void ThrowIfStorageFailed()
    {
        if (_superseded)
        {
            throw new InconsistentStateException($"room '{_id}' gave way to another activation; retry");
        }

        if (_storageFailed)
        {
            throw StorageUnavailable();
        }
    }

    private async Task WriteAsync()
    {
        ThrowIfStorageFailed();
        var roomChanged = _roomChanged;
        _roomChanged = false;
        try
        {
            await Task.WhenAll(_log.WriteAsync(), roomChanged ? _room.WriteStateAsync() : Task.CompletedTask);
        }
        catch (InconsistentStateException exception)
        {
            // Another activation of this room wrote first (the cluster disagreed about where the
            // room lives): this one gives way, and the senders' retries reach the other.
            _superseded = true;
            LogLostToAnotherActivation(exception, _id);
            DeactivateOnIdle();
            throw;
        }
        catch (Exception exception)
        {
            // Memory now runs ahead of storage, and the write may even have committed: accept no
            // change until the room has reloaded what storage really holds.
            _storageFailed = true;
            LogStorageFailure(exception, _id);
            throw StorageUnavailable();
        }
    }

    /// <summary>The refusal while storage fails; it also starts a reload, at most one a <see cref="ReloadInterval"/>.</summary>
    private ParleyException StorageUnavailable()
    {
        if (!_reloading && _clock.UtcNow - _lastReload >= ReloadInterval)
        {
            ReloadAsync().Ignore();
        }

        return ParleyException.Unavailable("the room cannot reach its storage; retry", ReloadInterval);
    }

    /// <summary>
    /// Reads the room back from storage, messages of the failed write included if they were in
    /// fact stored (their senders' retries then find them), and pushes what was stored but not yet
    /// pushed. Reads meanwhile are served from memory, up to the last acknowledged message.
    /// </summary>
    private async Task ReloadAsync()
    {
        _reloading = true;
        _lastReload = _clock.UtcNow;
        try
        {
            await _room.ReadStateAsync();
            await LoadLogAsync();
            _roomChanged = false;
            _storageFailed = false;
            LogReloaded(_id, _log.StoredSeq);
            PublishStored();
        }
        catch (Exception exception)
        {
            LogStillUnreachable(_id, exception.Message);
        }
        finally
        {
            _reloading = false;
        }
    }

    /// <summary>
    /// Pushes the messages stored since the last push to the front-ends, as one batch. The first
    /// send to resume after a commit pushes all of that commit's messages, before any of them is
    /// acknowledged; the others find nothing left to push.
    /// </summary>
    private void PublishStored()
    {
        var stored = _log.StoredSeq;
        if (stored <= _publishedSeq)
        {
            return;
        }

        var messages = _log.Unpaged(_publishedSeq + 1, stored);
        if (!_audience.IsEmpty)
        {
            _audience.Notify(frontend => frontend.OnMessagesAsync(_id, messages));
        }

        PublishToWebhooksAsync(messages).Ignore();

        _publishedSeq = stored;
        _lastActivity = _clock.UtcNow;
        if (_pageOut.IsCompleted && _log.IsPageOutDue(_publishedSeq))
        {
            _pageOut = PageOutAsync();
        }
    }

    /// <summary>Moves full pages out of the tail in the background, and keeps going even if sends have stopped.</summary>
    private async Task PageOutAsync()
    {
        try
        {
            await _log.PageOutAsync(() => _publishedSeq, async () =>
            {
                Change(State with { PagedThroughSeq = _log.PagedThroughSeq, FirstSegment = _log.FirstSegment });
                await CommitAsync();
            });
        }
        catch (Exception exception)
        {
            LogPageOutFailed(exception, _id);
        }
    }

    private void Change(RoomState next)
    {
        _room.State = next;
        _roomChanged = true;
    }

    private async Task JoinUserAsync(string userId)
    {
        if (ServiceIdentity.IsService(userId) || !_joinedUsers.Add(userId))
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

    /// <summary>The room as <paramref name="userId"/> sees it: a direct room is named after the other user.</summary>
    private RoomInfo Info(string userId)
    {
        var peer = State.Kind == RoomKind.Direct
            ? State.MemberNames.Where(member => member.Key != userId).Select(member => new UserProfile(member.Key, member.Value)).FirstOrDefault()
            : null;
        return new RoomInfo(
            _id,
            peer?.Username ?? State.Name,
            State.IsPrivate,
            _publishedSeq,
            State.Kind,
            State.Topic,
            State.Kind == RoomKind.Room ? State.CreatedBy : null,
            State.RoleOf(userId),
            peer);
    }

    private void RequireAccess(string userId)
    {
        if (!State.Created)
        {
            throw new ParleyException(ParleyErrorCode.NotFound, $"room '{_id}' does not exist");
        }

        if (!State.CanAccess(userId))
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, State.Removed.Contains(userId) ? $"you were removed from room '{_id}'" : $"room '{_id}' is private");
        }
    }

    /// <summary>
    /// Someone reading or posting in a public room becomes a member, quietly (no event: an API v1
    /// room keeps numbering its messages 1, 2, 3…); the change is stored with the next commit.
    /// </summary>
    private bool JoinImplicitly(UserProfile user)
    {
        if (State.IsMember(user.UserId) || ServiceIdentity.IsService(user.UserId))
        {
            return false;
        }

        Change(State.WithMember(user));
        return true;
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
        return trimmed.Length is >= 1 and <= ApiLimits.MaxRoomNameLength
            ? trimmed
            : throw new ParleyException(ParleyErrorCode.InvalidArgument, $"room name must be 1-{ApiLimits.MaxRoomNameLength} characters");
    }

    private async Task PublishToWebhooksAsync(ImmutableArray<ChatMessage> entries)
    {
        try
        {
            await _webhooks.PublishAsync(() => WebhookFanout.Of(entries));
        }
        catch (Exception exception)
        {
            LogWebhookPublishFailed(exception, _id, entries[0].Seq);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: handing entries from seq {FirstSeq} to webhooks failed; they are not delivered")]
    private partial void LogWebhookPublishFailed(Exception exception, string roomId, long firstSeq);

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId}: storage write failed; refusing changes until it has reloaded")]
    private partial void LogStorageFailure(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: another activation wrote first; deactivating")]
    private partial void LogLostToAnotherActivation(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {RoomId}: reloaded from storage through seq {StoredSeq}; accepting changes again")]
    private partial void LogReloaded(string roomId, long storedSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: storage still unreachable ({Reason})")]
    private partial void LogStillUnreachable(string roomId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: paging out history failed; will retry")]
    private partial void LogPageOutFailed(Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: recording membership of user {UserId} failed")]
    private partial void LogJoinFailed(Exception exception, string userId, string roomId);
}
