using System.Net.WebSockets;
using Parley.Frontend.Realtime;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Ddp;

/// <summary>
/// A DDP connection as the realtime core writes to it: pushes become DDP frames. Runs on the
/// connection's one writer, so what the client holds (its <c>chats</c> through
/// <see cref="ChatsPublisher"/>, its user document) changes in queue order without locks.
/// </summary>
internal sealed class DdpTransport(DdpSocket socket, int maxDocumentsPerSubscription) : IConnectionTransport
{
    private readonly ChatsPublisher _chats = new(maxDocumentsPerSubscription);
    private readonly HashSet<string> _readStates = [];
    private UserProfile? _user;

    public async ValueTask WriteAsync(Push push)
    {
        switch (push)
        {
            case DdpFrame frame:
                await socket.SendAsync(frame.Text);
                break;
            case MessagesPush messages:
                await SendAllAsync(_chats.Live(messages.RoomId, messages.Messages));
                break;
            case ChatsStep or ChatsRerunStarted or ChatsRerunFinished:
                await SendAllAsync(_chats.Apply(push));
                break;
            case UserDocumentChanged changed:
                await ShowUserAsync(changed.User);
                break;
            case SessionEndedPush:
                // What a Meteor server does when the login token disappears; the close frame says why.
                await ShowUserAsync(null);
                break;
            case SubscriptionEndedPush ended:
                await SendAllAsync(_chats.End(ended.RoomId, ended.Reason == SubscriptionEndReason.Removed
                    ? DdpError.Of(ParleyErrorCode.Forbidden, $"removed from room '{ended.RoomId}'")
                    : null));
                break;
            case ReadStatePush read:
                await socket.SendAsync(DdpFrames.ReadState(read.RoomId, read.LastReadSeq, added: _readStates.Add(read.RoomId)));
                break;
            case PresencePush or TypingPush:
                break; // DDP API v1 publishes no presence or typing
            default:
                throw new ArgumentOutOfRangeException(nameof(push), push, "DDP has no encoding for this push.");
        }
    }

    public ValueTask CloseAsync(CloseReason reason) => reason switch
    {
        DdpCloseReason ddp => socket.CloseAsync(ddp.Status, ddp.Description),
        { Kind: CloseKind.ShuttingDown } => socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, reason.Describe()),
        _ => socket.CloseAsync(WebSocketCloseStatus.NormalClosure, reason.Describe()),
    };

    public void Abort(CloseReason reason) => socket.Abort();

    private async ValueTask ShowUserAsync(UserProfile? user)
    {
        if (_user?.UserId == user?.UserId)
        {
            return;
        }

        if (_user is not null)
        {
            await socket.SendAsync(DdpFrames.Removed(DdpFrames.UsersCollection, _user.UserId));
        }

        _user = user;
        if (user is not null)
        {
            await socket.SendAsync(DdpFrames.UserAdded(user));
        }
    }

    private async ValueTask SendAllAsync(List<string> frames)
    {
        foreach (var frame in frames)
        {
            await socket.SendAsync(frame);
        }
    }
}
