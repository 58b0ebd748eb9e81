using System.Collections.Concurrent;
using System.Diagnostics;

namespace Parley.Testing;

/// <summary>
/// A steady stream of sends through a front-end: a new send starts every few milliseconds (at
/// most <see cref="MaxInFlight"/> at once), each retried with its clientMessageId until it is
/// acknowledged. Records when each acknowledged send started and finished.
/// </summary>
public sealed class SendStream(HttpClient http, string token, string roomId)
{
    private const int MaxInFlight = 16;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<(ChatMessage Message, TimeSpan StartedAt, TimeSpan AcknowledgedAt)> _acknowledged = [];

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<ChatMessage> Acknowledged => [.. _acknowledged.Select(a => a.Message)];

    /// <summary>When the first send that started after <paramref name="moment"/> was acknowledged, if one was.</summary>
    public TimeSpan? FirstAcknowledgedStartedAfter(TimeSpan moment) =>
        _acknowledged.Where(a => a.StartedAt > moment).Select(a => (TimeSpan?)a.AcknowledgedAt).Min();

    public async Task RunAsync(CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(MaxInFlight);
        var sends = new List<Task>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                await slots.WaitAsync(stop);
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var id = $"m{i}";
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    await SendUntilAcknowledgedAsync(id);
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(sends);
    }

    private async Task SendUntilAcknowledgedAsync(string id)
    {
        var startedAt = _clock.Elapsed;
        while (true)
        {
            if (await http.TryPostAsync(token, roomId, id, id) is { } message)
            {
                _acknowledged.Add((message, startedAt, _clock.Elapsed));
                return;
            }

            await Task.Delay(RetryPause, CancellationToken.None); // an outage answers at once: do not spin
        }
    }
}
