using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Parley.Frontend.Hubs;

namespace Parley.Unit.Tests.Hubs;

public sealed class ParleyHubProtocolTests
{
    private const char RecordSeparator = '\u001e';
    private readonly ParleyHubProtocol _protocol = new(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));
    private readonly Binder _binder = new();

    [Fact]
    public void TrailingArgumentsThatMayBeNullCanBeLeftOut()
    {
        var message = Parse("""{"type":1,"invocationId":"1","target":"Subscribe","arguments":["general"]}""");

        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal("Subscribe", invocation.Target);
        Assert.Equal(["general", null], invocation.Arguments);
    }

    [Fact]
    public void ArgumentsOfTheWrongTypeGoToTheInvalidArgumentsMethod()
    {
        var message = Parse("""{"type":1,"invocationId":"2","target":"GetHistory","arguments":["general",null,"ten"]}""");

        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal(ParleyHubProtocol.InvalidArgumentsMethod, invocation.Target);
        Assert.Equal(["GetHistory"], invocation.Arguments);
    }

    [Fact]
    public void AnUnknownMethodGoesToTheUnknownMethodMethod()
    {
        var message = Parse("""{"type":1,"invocationId":"3","target":"NoSuchMethod","arguments":[]}""");

        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal(ParleyHubProtocol.UnknownMethod, invocation.Target);
        Assert.Equal(["NoSuchMethod"], invocation.Arguments);
    }

    [Fact]
    public void ABadNonBlockingInvocationStaysABindingFailureThatSignalRDrops()
    {
        var message = Parse("""{"type":1,"target":"GetHistory","arguments":[1,2,3]}""");

        Assert.IsType<InvocationBindingFailureMessage>(message);
    }

    [Fact]
    public void AFrameOfAnIgnoredTypeDoesNotHoldUpTheFrameBehindIt()
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($$"""{"type":99}{{RecordSeparator}}{"type":1,"invocationId":"4","target":"Subscribe","arguments":["general"]}{{RecordSeparator}}"""));

        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var message));
        Assert.Equal("Subscribe", Assert.IsType<InvocationMessage>(message).Target);
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void ErrorsSignalRMakesItselfAreTheClientsFaultAndStartWithACode()
    {
        var buffer = new ArrayBufferWriter<byte>();

        _protocol.WriteMessage(CompletionMessage.WithError("8", "The client attempted to invoke the non-streaming 'ListRooms' method with a streaming invocation."), buffer);

        var json = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd(RecordSeparator));
        Assert.StartsWith("invalid_argument: The client attempted", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsStartWithTheirCodeWithoutSignalRsPrefix()
    {
        var completion = CompletionMessage.WithError("7", "An unexpected error occurred invoking 'SendMessage' on the server. HubException: not_found: no such room");
        var buffer = new ArrayBufferWriter<byte>();

        _protocol.WriteMessage(completion, buffer);

        var json = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd(RecordSeparator));
        Assert.Equal("not_found: no such room", json.RootElement.GetProperty("error").GetString());
    }

    private HubMessage? Parse(string json)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json + RecordSeparator));
        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var message));
        return message;
    }

    private sealed class Binder : IInvocationBinder
    {
        private readonly Dictionary<string, Type[]> _methods = new()
        {
            ["Subscribe"] = [typeof(string), typeof(long?)],
            ["GetHistory"] = [typeof(string), typeof(long?), typeof(int)],
            [ParleyHubProtocol.InvalidArgumentsMethod] = [typeof(string)],
            [ParleyHubProtocol.UnknownMethod] = [typeof(string)],
        };

        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            _methods.TryGetValue(methodName, out var types) ? types : throw new HubException($"Method {methodName} does not exist.");

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
