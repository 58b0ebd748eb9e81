using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.Frontend.Tests.Chat;

/// <summary>Edits and deletions are entries of the room's sequence: live, on resume, and in history.</summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class EditAndDeleteTests(TwoFrontendsFixture cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClientThatResumesWithSinceSeqGetsTheEditsAndDeletionsItMissedAndHistoryIsCurrent()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        var first = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "helo", "c1"))!;
        var second = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "oops", "c2"))!;
        long seenByBob;
        await using (var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token))
        {
            seenByBob = (await bobChat.SubscribeAsync(roomId)).LatestSeq;
        }

        using var edited = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/{first.Seq}", alice.Token, new { text = "hello" });
        using var deleted = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/messages/{second.Seq}", alice.Token);
        await using var resumed = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        var replay = await resumed.SubscribeAsync(roomId, seenByBob);
        var history = await resumed.Connection.InvokeAsync<ChatMessage[]>("GetHistory", roomId, null, 10, Ct);
        using var restHistory = await cluster.First.Http.SendAsync(HttpMethod.Get, $"/api/rooms/{roomId}/messages", alice.Token);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal((2L, 4L), (seenByBob, replay.LatestSeq));
        Assert.Empty(replay.Messages);
        Assert.Equal(
            [(3L, RoomEventKind.MessageEdited, first.Seq, (string?)"hello"), (4L, RoomEventKind.MessageDeleted, second.Seq, null)],
            replay.Events.Select(e => (e.Seq, e.Kind, e.TargetSeq!.Value, e.Text)));
        Assert.Equal([("hello", false), ("", true)], history.Select(m => (m.Text, m.Deleted)));
        Assert.NotNull(history[0].EditedAt);
        Assert.Null(history[1].EditedAt);
        Assert.Equal(history, await restHistory.Content.ReadAsync<ChatMessage[]>());
    }

    [Fact]
    public async Task EditsAndDeletionsArriveLiveOnTheOtherFrontendAndOnlyTheSenderOrAManagerMayMakeThem()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var bob = await cluster.Second.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        await using var aliceChat = await ChatTestClient.ConnectAsync(cluster.First.BaseUrl, alice.Token);
        await using var bobChat = await ChatTestClient.ConnectAsync(cluster.Second.BaseUrl, bob.Token);
        await aliceChat.SubscribeAsync(roomId);
        await bobChat.SubscribeAsync(roomId);
        var fromBob = await bobChat.SendAsync(roomId, "from bob");
        var fromAlice = await aliceChat.SendAsync(roomId, "from alice");

        await HubErrors.AssertHubErrorAsync("forbidden", () => aliceChat.Connection.InvokeAsync<ChatMessage>("EditMessage", roomId, fromBob.Seq, "alice's words", Ct));
        await HubErrors.AssertHubErrorAsync("forbidden", () => bobChat.Connection.InvokeAsync("DeleteMessage", roomId, fromAlice.Seq, Ct));
        var edit = await bobChat.Connection.InvokeAsync<ChatMessage>("EditMessage", roomId, fromBob.Seq, "from bob, edited", Ct);
        await aliceChat.Connection.InvokeAsync("DeleteMessage", roomId, fromBob.Seq, Ct);

        Assert.Equal(("from bob, edited", fromBob.Seq, fromBob.MessageId), (edit.Text, edit.Seq, edit.MessageId));
        var seen = await bobChat.Events.NextAsync(2);
        Assert.Equal([(RoomEventKind.MessageEdited, bob.UserId), (RoomEventKind.MessageDeleted, alice.UserId)], seen.Select(e => (e.Kind, e.ActorId)));
        Assert.Equal([fromBob.MessageId, fromBob.MessageId], seen.Select(e => e.TargetMessageId));
        Assert.Equal(seen, await aliceChat.Events.NextAsync(2));
        await HubErrors.AssertHubErrorAsync("not_found", () => bobChat.Connection.InvokeAsync<ChatMessage>("EditMessage", roomId, fromBob.Seq, "again", Ct));
        await HubErrors.AssertHubErrorAsync("not_found", () => bobChat.Connection.InvokeAsync("DeleteMessage", roomId, seen[0].Seq, Ct));
    }

    [Fact]
    public async Task BadEditsAreRefusedWithTheirCodes()
    {
        var alice = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = await cluster.First.Http.CreateRoomAsync(alice.Token);
        var message = (await cluster.First.Http.TryPostAsync(alice.Token, roomId, "text", "c1"))!;

        using var empty = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/{message.Seq}", alice.Token, new { text = "" });
        using var missing = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/{message.Seq}", alice.Token, new { });
        using var tooLong = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/{message.Seq}", alice.Token, new { text = new string('x', MessageText.MaxLength + 1) });
        using var future = await cluster.First.Http.SendAsync(HttpMethod.Patch, $"/api/rooms/{roomId}/messages/99", alice.Token, new { text = "x" });
        using var zero = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/messages/0", alice.Token);
        using var notANumber = await cluster.First.Http.SendAsync(HttpMethod.Delete, $"/api/rooms/{roomId}/messages/abc", alice.Token);

        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "empty_message");
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "empty_message");
        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "message_too_long");
        await future.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await zero.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await notANumber.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_argument");
    }
}
