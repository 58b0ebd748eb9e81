using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>What the DDP tests add to the shared test helpers.</summary>
public static class DdpTesting
{
    extension(ParleyServer server)
    {
        /// <summary>Where DDP clients connect: <c>ws://127.0.0.1:port/websocket</c>.</summary>
        public Uri DdpUrl => new($"ws://{server.BaseUrl.Authority}/websocket");
    }

    /// <summary>A task's result, or a failed test after <see cref="Waiting.Patience"/>.</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan? within = null) =>
        task.WaitAsync(within ?? Waiting.Patience, TestContext.Current.CancellationToken);

    /// <summary>
    /// Connects with a tiny TCP receive window, for a client that is to stop reading: the server's
    /// writes back up after a few kilobytes instead of megabytes.
    /// </summary>
    public static async ValueTask<Stream> ConnectWithSmallWindowAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
