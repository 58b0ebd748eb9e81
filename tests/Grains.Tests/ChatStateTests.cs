namespace Parley.Grains.Tests;

/// <summary>What wave 2's chat features keep durably: read state with the user, roles, edits and removals with the room.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ChatStateTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ReadStateMembershipsRolesAndEditsSurviveDeactivation()
    {
        var owner = await Grains.RegisterAsync();
        var member = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(owner);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        await room.JoinRoomAsync(member);
        await room.SetRoleAsync(owner, member.UserId, RoomRole.Admin);
        var sent = await Grains.SendAsync(info.RoomId, owner, "first");
        await room.EditAsync(owner, sent.Seq, "first, edited");
        await Grains.GetUser(member.UserId).MarkReadAsync(info.RoomId, 3);

        await fixture.DeactivateAllAsync();

        Assert.Contains(new Membership(info.RoomId, 3), await Grains.GetUser(member.UserId).GetMembershipsAsync());
        Assert.Equal(RoomRole.Admin, (await room.GetInfoAsync(member.UserId)).Role);
        var history = await room.GetHistoryAsync(member.UserId, null, 10);
        Assert.Equal("first, edited", Assert.Single(history).Text);
        Assert.Equal(4, (await room.GetInfoAsync(member.UserId)).LatestSeq); // joined, role changed, the message, its edit
    }

    [Fact]
    public async Task ADirectRoomOpensOnlyUnderThePairsIdAndARemovedMemberStaysOutOfAPublicRoom()
    {
        var alice = await Grains.RegisterAsync();
        var bob = await Grains.RegisterAsync();
        var carol = await Grains.RegisterAsync();

        var direct = await Grains.GetRoom(DirectRoom.IdOf(bob.UserId, alice.UserId)).OpenDirectAsync(alice, bob);
        var wrongRoom = await Assert.ThrowsAsync<ParleyException>(() => Grains.GetRoom(DirectRoom.IdOf(alice.UserId, carol.UserId)).OpenDirectAsync(alice, bob).AsTask());
        var info = await Grains.CreateRoomAsync(alice);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        await room.JoinRoomAsync(carol);
        await room.RemoveMemberAsync(alice, carol.UserId);
        var rejoin = await Assert.ThrowsAsync<ParleyException>(() => room.JoinRoomAsync(carol).AsTask());
        await room.InviteAsync(alice.UserId, carol);

        Assert.Equal((RoomKind.Direct, true), (direct.Kind, direct.IsPrivate));
        Assert.Equal(ParleyErrorCode.InvalidArgument, wrongRoom.Code);
        Assert.Equal(ParleyErrorCode.Forbidden, rejoin.Code);
        Assert.Equal(RoomRole.Member, (await room.JoinRoomAsync(carol)).Role);
    }
}
