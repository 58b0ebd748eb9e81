namespace Parley.Ddp.Tests;

/// <summary>
/// The Meteor flow of the issue, end to end, with DDP client libraries from npm against two
/// front-ends of one cluster (see <c>js/meteor-flow.js</c> for the steps).
/// </summary>
[Collection(nameof(TwoFrontendsCollection))]
public sealed class MeteorClientTests(TwoFrontendsFixture cluster)
{
    [Fact]
    public async Task MeteorClientsLogInOnOneFrontendResumeOnTheOtherChatAndLogOutEverywhere()
    {
        var rest = await cluster.First.Http.RegisterAndLoginAsync();
        var roomId = $"meteor-{Guid.NewGuid():N}"[..20];
        using var created = await cluster.First.Http.SendAsync(HttpMethod.Post, "/api/rooms", rest.Token, new { roomId, name = "Meteor", isPrivate = false });

        var (exitCode, report, output) = await JsClients.RunAsync("meteor-flow.js", new
        {
            url1 = cluster.First.DdpUrl.ToString(),
            url2 = cluster.Second.DdpUrl.ToString(),
            username = rest.Username,
            password = RestClient.Password,
            restToken = rest.Token,
            roomId,
        }, TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
        Assert.Equal(rest.UserId, report.Str("userId"));
        Assert.True(report.GetProperty("tokenExpiresIsDate").GetBoolean(), "tokenExpires arrives as an EJSON date");
        Assert.True(report.GetProperty("resumedSameUser").GetBoolean());
        Assert.Equal(rest.Username, report.GetProperty("usersDocOnFrontend2")[0].GetString());
        var messageId = report.Str("messageId");
        Assert.All(report.GetProperty("addedIds").EnumerateArray(), id => Assert.Equal(messageId, id.GetString()));
        var fields = report.GetProperty("addedFields");
        Assert.Equal((roomId, 1L, rest.UserId, rest.Username), (fields.Str("roomId"), fields.GetProperty("seq").GetInt64(), fields.Str("senderId"), fields.Str("senderName")));
        Assert.True(report.GetProperty("createdAtIsDate").GetBoolean(), "createdAt arrives as an EJSON date");
        Assert.Equal(1, report.GetProperty("collectionOn1").GetInt32());
        Assert.Equal(rest.UserId, report.Str("restTokenUser"));
        Assert.Equal("match", report.Str("legacyAddedId"));
        Assert.True(report.GetProperty("legacyCollectionHasIt").GetBoolean());
        Assert.True(report.GetProperty("loginServerStillConnected").GetBoolean());
        Assert.Equal(403, report.GetProperty("endedTokenError").GetInt32());
        Assert.True(report.GetProperty("restSessionAlive").GetBoolean());
    }
}
