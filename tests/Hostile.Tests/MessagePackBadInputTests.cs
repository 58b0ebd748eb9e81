using MessagePack;
using static Parley.Testing.RawMessagePackHubClient;

namespace Parley.Hostile.Tests;

/// <summary>
/// Bad frames over SignalR's MessagePack protocol: each gets a coded error or a clean close, the
/// front-end goes on serving a witness, and what the connection held is released.
/// </summary>
public sealed class MessagePackBadInputTests(BadInputCorpusTests.Server server) : IClassFixture<BadInputCorpusTests.Server>
{
    private static readonly Dictionary<string, Func<byte[]>> Frames = new()
    {
        ["not an array"] = () => Encode((ref MessagePackWriter w) => { w.WriteMapHeader(1); w.Write("type"); w.Write(1); }),
        ["empty array"] = () => Encode((ref MessagePackWriter w) => w.WriteArrayHeader(0)),
        ["unknown frame type"] = () => Encode((ref MessagePackWriter w) => { w.WriteArrayHeader(1); w.Write(99); }),
        ["headers not a map"] = () => Encode((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6); w.Write(Invocation); w.Write("x"); w.Write("1"); w.Write("ListRooms"); w.WriteArrayHeader(0); w.WriteArrayHeader(0);
        }),
        ["target not a string"] = () => Encode((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6); w.Write(Invocation); w.WriteMapHeader(0); w.Write("1"); w.Write(5); w.WriteArrayHeader(0); w.WriteArrayHeader(0);
        }),
        ["arguments not an array"] = () => InvocationOf("1", "ListRooms", (ref MessagePackWriter w) => w.Write("x")),
        ["unknown method"] = () => InvocationOf("1", "NoSuchMethod", (ref MessagePackWriter w) => w.WriteArrayHeader(0)),
        ["numbers for strings"] = () => InvocationOf("1", "SendMessage", (ref MessagePackWriter w) => { w.WriteArrayHeader(3); w.Write(1); w.Write(2); w.Write(3); }),
        ["a map for a string"] = () => InvocationOf("1", "Subscribe", (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.WriteMapHeader(1); w.Write("a"); w.Write(1); w.WriteNil(); }),
        ["an integer key"] = () => InvocationOf("1", "Subscribe", (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.WriteMapHeader(1); w.Write(7); w.Write(1); w.WriteNil(); }),
        ["an extension value"] = () => InvocationOf("1", "SendMessage", (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3); w.Write("general"); w.WriteExtensionFormat(new ExtensionResult(5, new byte[] { 1, 2, 3 })); w.WriteNil();
        }),
        ["a timestamp"] = () => InvocationOf("1", "SendMessage", (ref MessagePackWriter w) => { w.WriteArrayHeader(3); w.Write("general"); w.Write(DateTime.UtcNow); w.WriteNil(); }),
        ["binary for a string"] = () => InvocationOf("1", "SendMessage", (ref MessagePackWriter w) => { w.WriteArrayHeader(3); w.Write("general"); w.Write(new byte[] { 0xff }); w.WriteNil(); }),
        ["a seq beyond long"] = () => InvocationOf("1", "Subscribe", (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("general"); w.Write(ulong.MaxValue); }),
        ["NaN for a seq"] = () => InvocationOf("1", "Subscribe", (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("general"); w.Write(double.NaN); }),
        ["invalid UTF-8"] = () => InvocationOf("1", "SendMessage", (ref MessagePackWriter w) => { w.WriteArrayHeader(3); w.Write("general"); w.WriteString([0xff, 0xfe, 0x41]); w.WriteNil(); }),
        ["values nested too deep"] = () => InvocationOf("1", "Subscribe", (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            for (var i = 0; i < 200; i++)
            {
                w.WriteArrayHeader(1);
            }

            w.WriteNil();
            w.WriteNil();
        }),
        ["a count larger than the frame"] = () => InvocationOf("1", "SendMessage", (ref MessagePackWriter w) => w.WriteArrayHeader(int.MaxValue)),
        ["a truncated string"] = () => Encode((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6); w.Write(Invocation); w.WriteMapHeader(0); w.Write("1"); w.WriteRaw([0xda, 0x10, 0x00, 0x41]);
        }),
    };

    public static TheoryData<string> Cases => [.. Frames.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachBadFrameGetsACodedErrorOrACleanClose(string name)
    {
        var baseline = server.Baseline();
        using (var hub = await ConnectAsync(server.Frontend.BaseUrl, server.Login.Token))
        {
            List<object?[]>? frames;
            try
            {
                await hub.SendFrameAsync(Frames[name]());
                await hub.SendFrameAsync(InvocationOf("probe", "ListRooms", (ref MessagePackWriter w) => w.WriteArrayHeader(0)));
                frames = await hub.FramesUntilCompletionAsync("probe");
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                frames = null; // closed before the probe went out
            }

            foreach (var frame in (frames ?? []).Where(f => Convert.ToInt32(f[0], System.Globalization.CultureInfo.InvariantCulture) == Completion && f.Length > 4 && Convert.ToInt32(f[3], System.Globalization.CultureInfo.InvariantCulture) == 1))
            {
                Assert.True(BadInput.StartsWithCode(frame[4] as string), $"{name}: {frame[4]}");
            }
        }

        await server.AssertStillServingAsync();
        await server.AssertBackToAsync(baseline);
    }
}
