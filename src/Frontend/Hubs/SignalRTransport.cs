using System.Buffers;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Parley.Frontend.Realtime;
using Parley.Frontend.Rooms;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Hubs;

/// <summary>
/// A SignalR connection as the realtime core writes to it: each push becomes hub invocations,
/// encoded once per hub protocol for every connection that speaks it.
/// </summary>
/// <remarks>
/// A batch of messages is several invocations in one write, so SignalR's stateful reconnect (which
/// counts writes as messages) must stay off for this hub; it is off by default.
/// </remarks>
internal sealed class SignalRTransport(HubConnectionContext connection) : IConnectionTransport
{
    public ValueTask WriteAsync(Push push) => connection.WriteAsync(push.Encoded(connection.Protocol, Encode));

    /// <summary>Says why in a close message (the client closes on reading it), then waits for the client to go.</summary>
    public async ValueTask CloseAsync(CloseReason reason)
    {
        await connection.WriteAsync(new CloseMessage(reason.Describe(), reason.ClientShouldReconnect));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (connection.ConnectionAborted.Register(() => closed.TrySetResult()))
        {
            await closed.Task;
        }
    }

    /// <summary>
    /// Cuts the connection, its transport included: SignalR's own abort still writes a close
    /// message, which waits behind the client's full socket until the transport's send timeout.
    /// </summary>
    public void Abort(CloseReason reason)
    {
        connection.Abort();
        connection.Features.Get<IConnectionLifetimeFeature>()?.Abort();
    }

    private static SerializedHubMessage Encode(IHubProtocol protocol, Push push)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        switch (push)
        {
            case MessagesPush messages:
                foreach (var entry in messages.Messages)
                {
                    protocol.WriteMessage(entry.IsMessage ? Invocation(nameof(IChatClient.Message), entry) : Invocation(nameof(IChatClient.RoomEvent), RoomEventInfo.From(entry)), buffer);
                }

                break;
            case ReadStatePush read:
                protocol.WriteMessage(Invocation(nameof(IChatClient.ReadState), new ReadStateEvent(read.RoomId, read.LastReadSeq)), buffer);
                break;
            case SubscriptionEndedPush ended:
                protocol.WriteMessage(Invocation(nameof(IChatClient.SubscriptionEnded), new SubscriptionEndedEvent(ended.RoomId.Value, ended.Reason.ToWireName())), buffer);
                break;
            case PresencePush { Change: var change }:
                protocol.WriteMessage(Invocation(nameof(IChatClient.Presence), new PresenceEvent(change.RoomId, change.User.UserId, change.User.Username, change.Online)), buffer);
                break;
            case TypingPush { Notice: var notice }:
                protocol.WriteMessage(Invocation(nameof(IChatClient.Typing), new TypingEvent(notice.RoomId, notice.User.UserId, notice.User.Username)), buffer);
                break;
            case SessionEndedPush ended:
                protocol.WriteMessage(Invocation(nameof(IChatClient.SessionEnded), new SessionEndedEvent(ended.Reason.ToWireName())), buffer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(push), push, "SignalR has no encoding for this push.");
        }

        return new SerializedHubMessage([new SerializedMessage(protocol.Name, buffer.WrittenMemory)]);
    }

    private static InvocationMessage Invocation(string target, object argument) => new(target, [argument]);
}
