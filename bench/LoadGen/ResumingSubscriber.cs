using Microsoft.AspNetCore.SignalR.Client;

namespace Parley.LoadGen;

/// <summary>The part of <c>Subscribe</c>'s answer a resuming client reads.</summary>
internal sealed record WireReplay(WireMessage[] Messages, long LatestSeq, bool Truncated);

/// <summary>
/// A subscriber that keeps up as a careful client does: when its connection dies it connects to
/// the next server and subscribes again with <c>sinceSeq</c> = the last seq it has, paging back
/// through history when the replay was truncated. Every seq after the one it started at must
/// reach it, live or replayed: any missing at the end is a gap.
/// </summary>
internal sealed class ResumingSubscriber(Target target, string token, string roomId)
{
    private readonly Lock _lock = new();
    private readonly HashSet<long> _seen = [];
    private readonly SemaphoreSlim _resuming = new(1, 1);
    private HubConnection? _connection;
    private long _startSeq;
    private long _lastSeq;
    private bool _stopped;

    public int Resumes { get; private set; }

    public long LastSeq
    {
        get
        {
            lock (_lock)
            {
                return _lastSeq;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var replay = await ConnectAsync(sinceSeq: null, cancellationToken);
        lock (_lock)
        {
            _startSeq = _lastSeq = Math.Max(_lastSeq, replay.LatestSeq);
        }
    }

    /// <summary>Seqs after the starting one, up to <paramref name="finalSeq"/>, that never arrived.</summary>
    public long Missing(long finalSeq)
    {
        lock (_lock)
        {
            var missing = 0L;
            for (var seq = _startSeq + 1; seq <= finalSeq; seq++)
            {
                missing += _seen.Contains(seq) ? 0 : 1;
            }

            return missing;
        }
    }

    public async Task StopAsync()
    {
        _stopped = true;
        if (_connection is { } connection)
        {
            await Target.DisposeAllAsync([connection]);
        }
    }

    private async Task<WireReplay> ConnectAsync(long? sinceSeq, CancellationToken cancellationToken)
    {
        var connection = target.Connection(target.NextUrl(), token, 0);
        connection.On<WireMessage>("Message", message => Record([message]));
        connection.Closed += _ => ReferenceEquals(connection, _connection) && !_stopped ? ResumeAsync() : Task.CompletedTask;
        try
        {
            await connection.StartAsync(cancellationToken);
            var replay = await connection.InvokeAsync<WireReplay>("Subscribe", roomId, sinceSeq, cancellationToken);
            Record(replay.Messages);
            if (replay.Truncated && sinceSeq is { } since && replay.Messages.Length > 0)
            {
                await FillFromHistoryAsync(connection, since, replay.Messages[0].Seq, cancellationToken);
            }

            _connection = connection;
            return replay;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The replay held only the newest messages: the older ones since <paramref name="since"/> come from history.</summary>
    private async Task FillFromHistoryAsync(HubConnection connection, long since, long before, CancellationToken cancellationToken)
    {
        while (before > since + 1)
        {
            var page = await connection.InvokeAsync<WireMessage[]>("GetHistory", roomId, before, 200, cancellationToken);
            if (page.Length == 0)
            {
                return;
            }

            Record(page);
            before = page[0].Seq;
        }
    }

    private async Task ResumeAsync()
    {
        await _resuming.WaitAsync();
        try
        {
            while (!_stopped)
            {
                try
                {
                    await ConnectAsync(LastSeq, CancellationToken.None);
                    Resumes++;
                    return;
                }
                catch (Exception)
                {
                    await Task.Delay(100);
                }
            }
        }
        finally
        {
            _resuming.Release();
        }
    }

    private void Record(IEnumerable<WireMessage> messages)
    {
        lock (_lock)
        {
            foreach (var message in messages)
            {
                _seen.Add(message.Seq);
                _lastSeq = Math.Max(_lastSeq, message.Seq);
            }
        }
    }
}
