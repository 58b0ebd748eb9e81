using System.Collections.Immutable;

namespace Parley.Grains.Rooms;

/// <summary>Membership and roles: direct rooms, joining, leaving, removing, roles, name and topic.</summary>
internal sealed partial class RoomGrain
{
    public async ValueTask<RoomInfo> OpenDirectAsync(UserProfile user, UserProfile peer)
    {
        if (user.UserId == peer.UserId || DirectRoom.IdOf(user.UserId, peer.UserId).Value != _id)
        {
            throw new ParleyException(ParleyErrorCode.InvalidArgument, "a direct conversation is between two different users");
        }

        ThrowIfStorageFailed();
        if (!State.Created)
        {
            Change(new RoomState { Created = true, Kind = RoomKind.Direct, IsPrivate = true, CreatedBy = user.UserId, CreatedAt = _clock.UtcNow }
                .WithMember(user)
                .WithMember(peer));
            await CommitAsync();
        }
        else if (!State.IsMember(user.UserId))
        {
            Change(State.WithMember(user)); // back after leaving it
            await CommitAsync();
        }

        await Task.WhenAll(JoinUserAsync(user.UserId), JoinUserAsync(peer.UserId));
        return Info(user.UserId);
    }

    public async ValueTask<RoomInfo> JoinRoomAsync(UserProfile user)
    {
        RequireAccess(user.UserId);
        if (!State.IsMember(user.UserId))
        {
            ThrowIfStorageFailed();
            Change(State.WithMember(user));
            await AppendEventAsync(user, new RoomEventBody(RoomEventKind.MemberJoined, Member: user));
        }

        await JoinUserAsync(user.UserId);
        return Info(user.UserId);
    }

    public async ValueTask LeaveAsync(UserProfile user)
    {
        RequireCreated();
        if (State.RoleOf(user.UserId) == RoomRole.Owner)
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "the owner cannot leave; make another member the owner first");
        }

        if (State.IsMember(user.UserId))
        {
            ThrowIfStorageFailed();
            Change(State.WithoutMember(user.UserId, removed: false));
            await AppendEventAsync(user, new RoomEventBody(RoomEventKind.MemberLeft, Member: user));
        }

        await ForgetUserAsync(user.UserId);
    }

    public async ValueTask RemoveMemberAsync(UserProfile actor, string userId)
    {
        RequireAccess(actor.UserId);
        RequireRoomNotDirect();
        var member = MemberProfile(userId);
        if (!State.CanRemove(actor.UserId, userId))
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "only the owner removes admins, and owner or admins remove members");
        }

        ThrowIfStorageFailed();
        Change(State.WithoutMember(userId, removed: true));
        await AppendEventAsync(actor, new RoomEventBody(RoomEventKind.MemberRemoved, Member: member));
        await ForgetUserAsync(userId);
    }

    /// <summary>Admin or member; <see cref="RoomRole.Owner"/> hands the room over (the old owner becomes an admin).</summary>
    public async ValueTask SetRoleAsync(UserProfile actor, string userId, RoomRole role)
    {
        RequireAccess(actor.UserId);
        RequireRoomNotDirect();
        var member = MemberProfile(userId);
        if (State.RoleOf(actor.UserId) != RoomRole.Owner || userId == actor.UserId)
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "only the owner names admins, for members other than itself");
        }

        ThrowIfStorageFailed();
        Change(role switch
        {
            RoomRole.Owner => State with { CreatedBy = userId, Admins = State.Admins.Remove(userId).Add(actor.UserId) },
            RoomRole.Admin => State with { Admins = State.Admins.Add(userId) },
            _ => State with { Admins = State.Admins.Remove(userId) },
        });
        await AppendEventAsync(actor, new RoomEventBody(RoomEventKind.RoleChanged, Member: member, Role: role));
    }

    public async ValueTask<RoomInfo> UpdateAsync(UserProfile actor, string? name, string? topic)
    {
        RequireAccess(actor.UserId);
        RequireRoomNotDirect();
        if (!State.CanManage(actor.UserId))
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "only the owner or an admin changes the room");
        }

        var newName = name is null ? State.Name : ValidName(name);
        var newTopic = topic is null ? State.Topic : ValidTopic(topic);
        ThrowIfStorageFailed();
        if (!State.IsPrivate)
        {
            await GrainFactory.GetRoomDirectory().UpsertPublicRoomAsync(new DirectoryEntry(_id, newName, newTopic));
        }

        Change(State with { Name = newName, Topic = newTopic });
        await AppendEventAsync(actor, new RoomEventBody(RoomEventKind.RoomChanged, Name: newName, Topic: newTopic));
        return Info(actor.UserId);
    }

    public ValueTask<ImmutableArray<RoomMember>> GetMembersAsync(string userId)
    {
        RequireAccess(userId);
        return ValueTask.FromResult(State.Members
            .Select(id => new RoomMember(id, State.MemberNames.GetValueOrDefault(id, id), State.RoleOf(id) ?? RoomRole.Member))
            .OrderByDescending(member => member.Role)
            .ThenBy(member => member.Username, StringComparer.Ordinal)
            .ToImmutableArray());
    }

    public async ValueTask<RoomInfo?> GetSummaryAsync(string userId, long lastReadSeq)
    {
        if (!State.Created || !State.CanAccess(userId))
        {
            return null;
        }

        var lastRead = Math.Clamp(lastReadSeq, 0, _publishedSeq);
        var first = Math.Max(lastRead + 1, _publishedSeq - ApiLimits.MaxUnread + 1);
        var unread = first > _publishedSeq ? 0 : (await _log.ReadAsync(first, _publishedSeq)).Count(entry => entry is { IsMessage: true, Deleted: false } && entry.SenderId != userId);
        return Info(userId) with { LastReadSeq = lastRead, Unread = unread, LastActivityAt = _lastActivity };
    }

    /// <summary>Stores the change made to the room's state together with an event saying so, then pushes it.</summary>
    private async Task AppendEventAsync(UserProfile actor, RoomEventBody body)
    {
        _log.Append(new ChatMessage(_id, _log.LatestSeq + 1, Guid.CreateVersion7().ToString("N"), actor.UserId, actor.Username, "", _clock.UtcNow, null, Event: body));
        await CommitAsync();
        PublishStored();
    }

    private async Task ForgetUserAsync(string userId)
    {
        _joinedUsers.Remove(userId);
        await GrainFactory.GetUser(userId).RemoveRoomAsync(_id);
    }

    private UserProfile MemberProfile(string userId) =>
        State.IsMember(userId)
            ? new UserProfile(userId, State.MemberNames.GetValueOrDefault(userId, userId))
            : throw new ParleyException(ParleyErrorCode.NotFound, $"no member '{userId}' in room '{_id}'");

    private void RequireCreated()
    {
        if (!State.Created)
        {
            throw new ParleyException(ParleyErrorCode.NotFound, $"room '{_id}' does not exist");
        }
    }

    private void RequireRoomNotDirect()
    {
        if (State.Kind == RoomKind.Direct)
        {
            throw new ParleyException(ParleyErrorCode.Forbidden, "a direct conversation has no roles, name or removals");
        }
    }

    private static string ValidTopic(string topic)
    {
        var trimmed = topic.Trim();
        return trimmed.Length <= ApiLimits.MaxTopicLength && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw new ParleyException(ParleyErrorCode.InvalidArgument, $"topic must be at most {ApiLimits.MaxTopicLength} characters, without control characters");
    }
}
