using System.Diagnostics;

namespace Parley.LoadGen;

/// <summary>Rooms with subscribers and publishers: fanout, hot-room and durable-write (no subscribers).</summary>
internal sealed record TrafficPlan(string Scenario, int Rooms, int SubscribersPerRoom, int PublishersPerRoom, int InFlight, int TextLength);

internal static class TrafficScenario
{
    public static async Task<object> RunAsync(Target target, TrafficPlan plan, Measure measure, CancellationToken cancellationToken)
    {
        var subscriberCount = plan.Rooms * plan.SubscribersPerRoom;
        var publisherCount = plan.Rooms * plan.PublishersPerRoom;
        var setup = Stopwatch.StartNew();
        var tokens = await target.TokensAsync(subscriberCount + publisherCount, 16, cancellationToken);
        await target.CreateRoomsAsync(tokens[0], plan.Rooms, cancellationToken);
        Log.Write($"{measure.Label}: {tokens.Length} users in {setup.Elapsed.TotalSeconds:F1} s");

        var clock = new Clock();
        var subscribers = new Subscriber[subscriberCount];
        var (subscriberConnections, subscribeFailures, subscribeError) = await target.ConnectAsync(
            subscriberCount,
            i => tokens[i],
            (connection, i) =>
            {
                var subscriber = subscribers[i] = new Subscriber(clock);
                connection.OnMessage(subscriber.OnMessage);
            },
            (connection, i) => connection.InvokeAsync("Subscribe", target.RoomName(i % plan.Rooms), null),
            32,
            cancellationToken);

        var filler = new string('x', Math.Max(1, plan.TextLength - 20));
        var publishers = new Publisher?[publisherCount];
        var (publisherConnections, publishFailures, publishError) = await target.ConnectAsync(
            publisherCount,
            i => tokens[subscriberCount + i],
            (_, _) => { },
            (connection, i) =>
            {
                publishers[i] = new Publisher(connection, target.RoomName(i % plan.Rooms), plan.InFlight, clock, $"p{i}", filler);
                return Task.CompletedTask;
            },
            32,
            cancellationToken);
        Log.Write($"{measure.Label}: {subscriberCount - subscribeFailures} subscribers, {publisherCount - publishFailures} publishers connected after {setup.Elapsed.TotalSeconds:F1} s");

        using var stop = new CancellationTokenSource();
        var running = publishers.OfType<Publisher>().Select(p => p.RunAsync(stop.Token)).ToList();
        var series = PerSecond.SampleAsync(() => subscribers.Sum(s => s?.Received ?? 0), measure.WarmupSeconds + measure.Seconds, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(measure.WarmupSeconds), cancellationToken);

        var before = ProcessProbe.Sample(measure.All);
        var machineBefore = ProcessProbe.MachineBusySeconds();
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Open();
        await Task.Delay(TimeSpan.FromSeconds(measure.Seconds), cancellationToken);
        clock.Close();
        var after = ProcessProbe.Sample(measure.All);
        var machine = ProcessProbe.MachineBusySeconds() - machineBefore;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalSeconds;
        var deliveredEachSecond = await series;

        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await Target.DisposeAllAsync(subscriberConnections.Concat(publisherConnections));

        var seconds = clock.WindowSeconds;
        var acknowledged = publishers.OfType<Publisher>().Sum(p => p.Acknowledged);
        var delivered = subscribers.Where(s => s is not null).Sum(s => s.Delivered);
        var serverCpu = Measure.Cpu(before, after);
        return new
        {
            scenario = plan.Scenario,
            label = measure.Label,
            plan = new { plan.Rooms, plan.SubscribersPerRoom, plan.PublishersPerRoom, plan.InFlight, plan.TextLength, servers = target.Urls.Count, client = target.Client.ToString().ToLowerInvariant(), protocol = target.Protocol.ToString().ToLowerInvariant() },
            seconds = Math.Round(seconds, 2),
            acknowledgedPerSecond = Math.Round(acknowledged / seconds),
            deliveredPerSecond = Math.Round(delivered / seconds),
            deliveriesPerAcknowledged = acknowledged == 0 ? 0 : Math.Round(delivered / (double)acknowledged, 2),
            deliveryLatencyMs = Percentiles.Of([.. subscribers.Where(s => s is not null).SelectMany(s => s.Latencies)]),
            acknowledgeLatencyMs = Percentiles.Of([.. publishers.OfType<Publisher>().SelectMany(p => p.Latencies)]),
            outOfOrder = subscribers.Where(s => s is not null).Sum(s => s.OutOfOrder),
            sendErrors = publishers.OfType<Publisher>().Sum(p => p.Errors),
            firstSendError = publishers.OfType<Publisher>().Select(p => p.FirstError).FirstOrDefault(e => e is not null),
            connectFailures = subscribeFailures + publishFailures,
            firstConnectError = subscribeError ?? publishError,
            serverCpuMicrosPerDelivery = delivered + acknowledged == 0 ? 0 : Math.Round(serverCpu * 1e6 / Math.Max(delivered, acknowledged), 2),
            machineBusyPercent = Math.Round(100 * machine / seconds / Environment.ProcessorCount, 1),
            loadGeneratorCpuPercent = Math.Round(100 * self / seconds, 1),
            loadGeneratorCpuMicrosPerDelivery = delivered == 0 ? 0 : Math.Round(self * 1e6 / delivered, 2),
            warmupSeconds = measure.WarmupSeconds,
            deliveredEachSecond,
            processes = Measure.CpuUse(before, after, seconds),
        };
    }
}
