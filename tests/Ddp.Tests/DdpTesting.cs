namespace Parley.Ddp.Tests;

/// <summary>What the DDP tests add to the shared test helpers.</summary>
internal static class DdpTesting
{
    extension(ParleyServer server)
    {
        /// <summary>Where DDP clients connect: <c>ws://127.0.0.1:port/websocket</c>.</summary>
        public Uri DdpUrl => new($"ws://{server.BaseUrl.Authority}/websocket");
    }

    /// <summary>A task's result, or a failed test after <see cref="Waiting.Patience"/>.</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan? within = null) =>
        task.WaitAsync(within ?? Waiting.Patience, TestContext.Current.CancellationToken);
}
