using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Parley.Hostile.Tests;

/// <summary>
/// A bounded fuzz run per protocol with a fixed seed: thousands of mutated frames and bodies. No
/// answer is an internal error, the front-end keeps serving, and what the connections held is
/// released at the end.
/// </summary>
public sealed class FuzzTests(BadInputCorpusTests.Server server) : IClassFixture<BadInputCorpusTests.Server>
{
    private const int Seed = 20261201;
    private const int FramesPerProtocol = 2000;
    private const int RestRequests = 400;
    private const int ProbeEvery = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MutatedDdpFramesGetErrorsOrCloseTheConnectionOnly()
    {
        var fuzz = new Fuzz(Seed);
        string[] valid =
        [
            """{"msg":"method","id":"m1","method":"addChat","params":[{"roomId":"general","text":"hello","clientMessageId":"c1"}],"randomSeed":"abc"}""",
            """{"msg":"sub","id":"s1","name":"getChats","params":[{"roomId":"general","limit":20}]}""",
            """{"msg":"unsub","id":"s1"}""",
            """{"msg":"method","id":"m2","method":"createRoom","params":[{"roomId":"fuzz-room","name":"Fuzz","isPrivate":true}]}""",
            """{"msg":"method","id":"m3","method":"login","params":[{"user":{"username":"nobody-here"},"password":{"digest":"0000000000000000000000000000000000000000000000000000000000000000","algorithm":"sha-256"}}]}""",
            """{"msg":"ping","id":"p"}""",
        ];
        var baseline = server.Baseline();
        var ddp = await OpenDdpAsync();
        try
        {
            for (var i = 1; i <= FramesPerProtocol; i++)
            {
                if (ddp.Closed.Task.IsCompleted)
                {
                    AssertNoInternalErrors(ddp);
                    await ddp.DisposeAsync();
                    ddp = await OpenDdpAsync();
                }

                await SendIgnoringCloseAsync(() => ddp.SendBytesAsync(fuzz.Mutate(valid[fuzz.Next(valid.Length)]), WebSocketMessageType.Text));
                if (i % ProbeEvery == 0 && !ddp.Closed.Task.IsCompleted)
                {
                    var from = ddp.Count;
                    await SendIgnoringCloseAsync(() => ddp.SendAsync(new { msg = "ping", id = $"probe{i}" }));
                    await WaitUnlessClosedAsync(ddp, f => f.Msg() == "pong" && f.Str("id") == $"probe{i}", from);
                }
            }

            AssertNoInternalErrors(ddp);
        }
        finally
        {
            await ddp.DisposeAsync();
        }

        await server.AssertStillServingAsync();
        await server.AssertBackToAsync(baseline);
    }

    [Fact]
    public async Task MutatedSignalRFramesGetErrorsStartingWithACodeOrCloseTheConnectionOnly()
    {
        var fuzz = new Fuzz(Seed + 1);
        string[] valid =
        [
            """{"type":1,"invocationId":"1","target":"SendMessage","arguments":["general","hello","c1"]}""",
            """{"type":1,"invocationId":"2","target":"Subscribe","arguments":["general",0]}""",
            """{"type":1,"invocationId":"3","target":"GetHistory","arguments":["general",null,20]}""",
            """{"type":1,"invocationId":"4","target":"CreateRoom","arguments":["fuzz-room","Fuzz",false]}""",
            """{"type":1,"invocationId":"5","target":"Typing","arguments":["general"]}""",
            """{"type":1,"target":"Unsubscribe","arguments":["general"]}""",
            """{"type":6}""",
        ];
        var baseline = server.Baseline();
        var hub = await RawHubClient.ConnectAsync(server.Frontend.BaseUrl, server.Login.Token);
        try
        {
            for (var i = 1; i <= FramesPerProtocol; i++)
            {
                await SendIgnoringCloseAsync(() => hub.SendRawAsync(fuzz.Mutate(valid[fuzz.Next(valid.Length)])));
                if (i % ProbeEvery != 0)
                {
                    continue;
                }

                List<JsonElement>? frames = null;
                await SendIgnoringCloseAsync(async () =>
                {
                    await hub.SendRawAsync($$"""{"type":1,"invocationId":"probe{{i}}","target":"ListRooms","arguments":[]}""");
                    frames = await hub.FramesUntilCompletionAsync($"probe{i}");
                });
                foreach (var frame in frames ?? [])
                {
                    if (frame.TryGetProperty("error", out var error) && frame.GetProperty("type").GetInt32() == 3)
                    {
                        Assert.True(BadInput.StartsWithCode(error.GetString()), frame.ToString());
                        Assert.False(error.GetString()!.StartsWith("internal_error", StringComparison.Ordinal), frame.ToString());
                    }
                }

                if (frames is null)
                {
                    hub.Dispose();
                    hub = await RawHubClient.ConnectAsync(server.Frontend.BaseUrl, server.Login.Token);
                }
            }
        }
        finally
        {
            hub.Dispose();
        }

        await server.AssertStillServingAsync();
        await server.AssertBackToAsync(baseline);
    }

    [Fact]
    public async Task MutatedRestBodiesGetProblemsNeverServerErrors()
    {
        var fuzz = new Fuzz(Seed + 2);
        (string Path, bool Token, string Body)[] valid =
        [
            ("/api/auth/login", false, """{"username":"nobody-here","password":"wrong password"}"""),
            ("/api/auth/register", false, """{"username":"fuzzed-name","password":"correct horse"}"""),
            ("/api/rooms", true, """{"roomId":"fuzz-rest","name":"Fuzz","isPrivate":false}"""),
            ("/api/rooms/general/messages", true, """{"text":"hello","clientMessageId":"c1"}"""),
        ];
        for (var i = 0; i < RestRequests; i++)
        {
            var (path, token, body) = valid[fuzz.Next(valid.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(fuzz.Mutate(body)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Login.Token);
            }

            using var response = await server.Frontend.Http.SendAsync(request, Ct);
            Assert.True((int)response.StatusCode < 500, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        await server.AssertStillServingAsync();
    }

    private async Task<DdpTestClient> OpenDdpAsync()
    {
        var ddp = await DdpTestClient.ConnectAsync(server.Frontend.DdpUrl);
        await ddp.CallOkAsync("login", new { resume = server.Login.Token });
        return ddp;
    }

    private static void AssertNoInternalErrors(DdpTestClient ddp)
    {
        foreach (var frame in ddp.Log)
        {
            if (frame.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                Assert.NotEqual("internal_error", error.Str("error"));
            }
        }
    }

    private static async Task WaitUnlessClosedAsync(DdpTestClient ddp, Func<JsonElement, bool> match, int from)
    {
        try
        {
            await ddp.WaitForAsync(match, from);
        }
        catch (InvalidOperationException) when (ddp.Closed.Task.IsCompleted)
        {
            // The mutation before the probe closed the connection (a frame over the limit): a clean end.
        }
    }

    private static async Task SendIgnoringCloseAsync(Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException && !Ct.IsCancellationRequested)
        {
            // The server closed the connection on an earlier frame; the next round opens a new one.
        }
    }
}
