using System.Threading.Channels;

namespace Parley.Ddp.Tests;

internal static class Waiting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The next item, or a failed test after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static async Task<T> NextAsync<T>(this ChannelReader<T> channel, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? Patience);
        try
        {
            return await channel.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No {typeof(T).Name} arrived within {within ?? Patience}.");
        }
    }

    /// <summary>A task's result, or a failed test after <see cref="Patience"/>.</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan? within = null) =>
        task.WaitAsync(within ?? Patience, TestContext.Current.CancellationToken);
}
