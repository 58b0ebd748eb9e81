using System.Threading.Channels;

namespace Parley.Testing;

public static class Waiting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The next item, or a failed test after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static async Task<T> NextAsync<T>(this Channel<T> channel, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? Patience);
        try
        {
            return await channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No {typeof(T).Name} arrived within {within ?? Patience}.");
        }
    }

    public static async Task<List<T>> NextAsync<T>(this Channel<T> channel, int count, TimeSpan? within = null)
    {
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(await channel.NextAsync(within));
        }

        return items;
    }

    /// <summary>Next item matching <paramref name="match"/>, skipping others.</summary>
    public static async Task<T> NextMatchingAsync<T>(this Channel<T> channel, Func<T, bool> match)
    {
        while (true)
        {
            var item = await channel.NextAsync();
            if (match(item))
            {
                return item;
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or fails the test after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan? within = null) =>
        UntilAsync(() => Task.FromResult(condition()), within);

    /// <summary>Polls an asynchronous <paramref name="condition"/> (an HTTP probe, say) until it holds, or fails the test.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < (within ?? Patience), $"The condition did not hold within {within ?? Patience}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
