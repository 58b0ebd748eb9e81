namespace Parley.Grains.Tests;

[Collection(nameof(ClusterCollection))]
public sealed class RoomTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task GeneralAlwaysExistsAndIsPublic()
    {
        var user = await Grains.RegisterAsync();

        var general = await Grains.GetRoom(RoomId.General).GetInfoAsync(user.UserId);

        Assert.Equal("general", general.RoomId);
        Assert.False(general.IsPrivate);
        Assert.Contains("general", await Grains.GetRoomDirectory().ListPublicRoomsAsync());
        var error = await Assert.ThrowsAsync<ParleyException>(() =>
            Grains.GetRoom(RoomId.General).CreateAsync(new CreateRoom(user, "Mine now", true)).AsTask());
        Assert.Equal(ParleyErrorCode.RoomExists, error.Code);
    }

    [Fact]
    public async Task CreatingAnExistingRoomIsRefused()
    {
        var user = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(user);

        var error = await Assert.ThrowsAsync<ParleyException>(() =>
            Grains.GetRoom(RoomId.Create(room.RoomId)).CreateAsync(new CreateRoom(user, "Again", false)).AsTask());

        Assert.Equal(ParleyErrorCode.RoomExists, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("-leading-dash")]
    [InlineData("under_score")]
    [InlineData("a-room-id-that-is-much-too-long-to-be-accepted-by-parley-at-all-xx")]
    public void InvalidRoomIdsAreRefused(string roomId) =>
        Assert.Equal(ParleyErrorCode.InvalidRoomId, Assert.Throws<ParleyException>(() => RoomId.Create(roomId)).Code);

    [Fact]
    public async Task PublicRoomsAreListedInTheDirectoryAndPrivateOnesAreNot()
    {
        var user = await Grains.RegisterAsync();
        var open = await Grains.CreateRoomAsync(user);
        var closed = await Grains.CreateRoomAsync(user, isPrivate: true);

        var listed = await Grains.GetRoomDirectory().ListPublicRoomsAsync();

        Assert.Contains(open.RoomId, listed);
        Assert.DoesNotContain(closed.RoomId, listed);
        Assert.Contains(closed.RoomId, await Grains.GetUser(user.UserId).GetRoomIdsAsync());
    }

    [Fact]
    public async Task SeqsCountFromOneWithoutGaps()
    {
        var user = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(user);

        var seqs = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seqs.Add((await Grains.SendAsync(room.RoomId, user, $"m{i}")).Seq);
        }

        Assert.Equal([1, 2, 3, 4, 5], seqs);
        Assert.Equal(5, (await Grains.GetRoom(RoomId.Create(room.RoomId)).GetInfoAsync(user.UserId)).LatestSeq);
    }

    [Fact]
    public async Task TwoConcurrentSendersGetDistinctConsecutiveSeqs()
    {
        var alice = await Grains.RegisterAsync();
        var bob = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(alice);

        var sends = Enumerable.Range(0, 200)
            .Select(i => Grains.SendAsync(room.RoomId, i % 2 == 0 ? alice : bob, $"m{i}"));
        var messages = await Task.WhenAll(sends);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), messages.Select(m => m.Seq).Order());
        var history = await Grains.GetRoom(RoomId.Create(room.RoomId)).GetHistoryAsync(alice.UserId, null, 200);
        Assert.Equal(messages.OrderBy(m => m.Seq), history);
    }

    [Fact]
    public async Task ARepeatedClientMessageIdReturnsTheFirstMessage()
    {
        var user = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(user);

        var first = await Grains.SendAsync(room.RoomId, user, "hello", "client-1");
        var again = await Grains.SendAsync(room.RoomId, user, "hello (retry)", "client-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Grains.SendAsync(room.RoomId, user, "burst", "client-2")));

        Assert.Equal(first, again);
        Assert.Single(concurrent.DistinctBy(m => m.Seq));
        var history = await Grains.GetRoom(RoomId.Create(room.RoomId)).GetHistoryAsync(user.UserId, null, 50);
        Assert.Equal([1, 2], history.Select(m => m.Seq));
    }

    [Fact]
    public async Task ARetryAfterOlderMessagesWerePagedOutStillReturnsTheFirstMessage()
    {
        var user = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(user);
        var first = await Grains.SendAsync(room.RoomId, user, "early", "early-id");
        for (var start = 0; start < 300; start += 50)
        {
            await Task.WhenAll(Enumerable.Range(start, 50).Select(i => Grains.SendAsync(room.RoomId, user, $"m{i}", $"id-{i}")));
        }

        var retry = await Grains.SendAsync(room.RoomId, user, "early", "early-id");

        Assert.Equal(first, retry);
        Assert.Equal(301, (await Grains.GetRoom(RoomId.Create(room.RoomId)).GetInfoAsync(user.UserId)).LatestSeq);
    }

    [Fact]
    public async Task ClientMessageIdsOfDifferentSendersDoNotCollide()
    {
        var alice = await Grains.RegisterAsync();
        var bob = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(alice);

        var fromAlice = await Grains.SendAsync(room.RoomId, alice, "a", "same-id");
        var fromBob = await Grains.SendAsync(room.RoomId, bob, "b", "same-id");

        Assert.NotEqual(fromAlice.Seq, fromBob.Seq);
    }

    [Fact]
    public async Task MessageTextMustBeOneTo4000Characters()
    {
        var user = await Grains.RegisterAsync();
        var room = await Grains.CreateRoomAsync(user);

        var empty = await Assert.ThrowsAsync<ParleyException>(() => Grains.SendAsync(room.RoomId, user, "  "));
        var tooLong = await Assert.ThrowsAsync<ParleyException>(() => Grains.SendAsync(room.RoomId, user, new string('x', 4001)));
        var longest = await Grains.SendAsync(room.RoomId, user, new string('x', 4000));

        Assert.Equal(ParleyErrorCode.EmptyMessage, empty.Code);
        Assert.Equal(ParleyErrorCode.MessageTooLong, tooLong.Code);
        Assert.Equal(1, longest.Seq);
    }

    [Fact]
    public async Task AnUnknownRoomIsNotFound()
    {
        var user = await Grains.RegisterAsync();
        var room = Grains.GetRoom(RoomId.Create($"nowhere-{Guid.NewGuid():N}"));

        Assert.Equal(ParleyErrorCode.NotFound, (await Assert.ThrowsAsync<ParleyException>(() => room.GetInfoAsync(user.UserId).AsTask())).Code);
        Assert.Equal(ParleyErrorCode.NotFound, (await Assert.ThrowsAsync<ParleyException>(() => room.SendAsync(new SendMessage(user, "hi", null)).AsTask())).Code);
        Assert.Null(await room.FindVisibleAsync(user.UserId));
    }

    [Fact]
    public async Task APrivateRoomRefusesANonMemberUntilInvited()
    {
        var owner = await Grains.RegisterAsync();
        var outsider = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(owner, isPrivate: true);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));

        Assert.Null(await room.FindVisibleAsync(outsider.UserId));
        await AssertForbidden(() => room.SendAsync(new SendMessage(outsider, "let me in", null)).AsTask());
        await AssertForbidden(() => room.GetHistoryAsync(outsider.UserId, null, 10).AsTask());
        await AssertForbidden(() => room.JoinAsync(outsider, null, 50, null).AsTask());
        await AssertForbidden(() => room.InviteAsync(outsider.UserId, outsider).AsTask());

        await room.InviteAsync(owner.UserId, outsider);

        Assert.Equal(1, (await room.SendAsync(new SendMessage(outsider, "thanks", null))).Seq);
        Assert.Contains(info.RoomId, await Grains.GetUser(outsider.UserId).GetRoomIdsAsync());
    }

    [Fact]
    public async Task JoiningAPublicRoomAddsItToTheUsersRooms()
    {
        var owner = await Grains.RegisterAsync();
        var visitor = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(owner);

        await Grains.GetRoom(RoomId.Create(info.RoomId)).JoinAsync(visitor, null, 50, null);

        Assert.Contains(info.RoomId, await Grains.GetUser(visitor.UserId).GetRoomIdsAsync());
    }

    [Fact]
    public async Task RoomStateSurvivesDeactivation()
    {
        var owner = await Grains.RegisterAsync();
        var guest = await Grains.RegisterAsync();
        var info = await Grains.CreateRoomAsync(owner, isPrivate: true);
        var room = Grains.GetRoom(RoomId.Create(info.RoomId));
        await room.InviteAsync(owner.UserId, guest);
        var sent = await Grains.SendAsync(info.RoomId, guest, "still here?", "keep-me");

        await fixture.DeactivateAllAsync();

        Assert.Equal(info with { LatestSeq = 1, Role = RoomRole.Member }, await room.GetInfoAsync(guest.UserId));
        Assert.Equal([sent], await room.GetHistoryAsync(owner.UserId, null, 10));
        Assert.Equal(sent, await Grains.SendAsync(info.RoomId, guest, "retry", "keep-me"));
        Assert.Equal(2, (await Grains.SendAsync(info.RoomId, guest, "next")).Seq);
    }

    private static async Task AssertForbidden(Func<Task> call) =>
        Assert.Equal(ParleyErrorCode.Forbidden, (await Assert.ThrowsAsync<ParleyException>(call)).Code);
}
