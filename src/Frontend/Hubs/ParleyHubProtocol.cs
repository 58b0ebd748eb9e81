using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Parley.Frontend.Hubs;

/// <summary>
/// One of SignalR's hub protocols (JSON or MessagePack), adjusted to keep API v1's promises:
/// <list type="bullet">
/// <item>SignalR binds arguments by position and has no optional parameters, so
/// <c>invoke("Subscribe", roomId)</c> would fail: trailing arguments whose parameter accepts null
/// may be left out.</item>
/// <item>Arguments of the wrong type are answered like every other bad input, with an
/// <c>invalid_argument</c> error, and an unknown method with <c>not_found</c>, instead of
/// SignalR's generic binding error.</item>
/// <item>Errors start with their code (<c>not_found: …</c>): SignalR would prefix a HubException's
/// message with "An unexpected error occurred invoking 'X' on the server. HubException: ".</item>
/// <item>A frame of a type SignalR ignores does not hold up the frames behind it.</item>
/// </list>
/// </summary>
internal sealed partial class ParleyHubProtocol(IHubProtocol inner) : IHubProtocol
{
    /// <summary>Hub method that binding failures are routed to; it only ever answers invalid_argument.</summary>
    public const string InvalidArgumentsMethod = "$invalid-arguments";

    /// <summary>Hub method that invocations of unknown methods are routed to; it only ever answers not_found.</summary>
    public const string UnknownMethod = "$unknown-method";

    private readonly IHubProtocol _inner = inner;

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(WithCodeFirst(message));

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(WithCodeFirst(message), output);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var unread = input;
        while (!_inner.TryParseMessage(ref input, binder, out message))
        {
            if (input.Length == unread.Length)
            {
                return false; // no whole frame yet
            }

            // A frame of a type this version ignores was consumed; SignalR would then wait for
            // more data before looking at the frames already behind it.
            unread = input;
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            var frame = unread.Slice(unread.Start, input.Start);
            var parameters = ParametersOf(binder, failure.Target);
            message = (HubMessage?)(parameters is null ? null : WithOmittedArguments(frame, binder, failure.Target, parameters))
                ?? (failure.InvocationId is null
                    ? failure
                    : new InvocationMessage(failure.InvocationId, parameters is null ? UnknownMethod : InvalidArgumentsMethod, [failure.Target]));
        }

        return true;
    }

    private static IReadOnlyList<Type>? ParametersOf(IInvocationBinder binder, string target)
    {
        try
        {
            return binder.GetParameterTypes(target);
        }
        catch (HubException)
        {
            return null; // no such method
        }
    }

    private InvocationMessage? WithOmittedArguments(ReadOnlySequence<byte> frame, IInvocationBinder binder, string target, IReadOnlyList<Type> parameters)
    {
        for (var given = parameters.Count - 1; given >= 0 && AcceptsNull(parameters[given]); given--)
        {
            var attempt = frame;
            if (_inner.TryParseMessage(ref attempt, new FirstParameters(binder, target, given), out var parsed)
                && parsed is InvocationMessage { } invocation)
            {
                var arguments = new object?[parameters.Count];
                invocation.Arguments.CopyTo(arguments, 0);
                return new InvocationMessage(invocation.InvocationId, invocation.Target, arguments, invocation.StreamIds)
                {
                    Headers = invocation.Headers,
                };
            }
        }

        return null;
    }

    /// <summary>
    /// Errors start with their code: a HubException's message loses SignalR's prefix, and an error
    /// SignalR makes itself (a streaming invocation of a plain method, say) is the client's fault.
    /// </summary>
    private static HubMessage WithCodeFirst(HubMessage message)
    {
        const string marker = "HubException: ";
        if (message is not CompletionMessage { Error: { } error } completion)
        {
            return message;
        }

        if (error.IndexOf(marker, StringComparison.Ordinal) is >= 0 and var at)
        {
            return CompletionMessage.WithError(completion.InvocationId!, error[(at + marker.Length)..]);
        }

        return CodeFirst().IsMatch(error) ? message : CompletionMessage.WithError(completion.InvocationId!, $"invalid_argument: {error}");
    }

    [GeneratedRegex("^[a-z_]+: ")]
    private static partial Regex CodeFirst();

    private static bool AcceptsNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    /// <summary>Presents a hub method as if it had only its first <paramref name="count"/> parameters.</summary>
    private sealed class FirstParameters(IInvocationBinder inner, string target, int count) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName)
        {
            var all = inner.GetParameterTypes(methodName);
            return methodName == target ? [.. all.Take(count)] : all;
        }

        public Type GetReturnType(string invocationId) => inner.GetReturnType(invocationId);

        public Type GetStreamItemType(string streamId) => inner.GetStreamItemType(streamId);
    }
}
