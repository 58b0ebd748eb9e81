using System.CommandLine;
using System.Text.Json;
using Parley.LoadGen;
using Parley.LoadGen.Wire;

// Every scenario runs for a bounded time, talks only to the given 127.0.0.x URLs, and prints one
// JSON object on stdout (progress on stderr).
var urls = new Option<string[]>("--url") { Description = "Server base URL (repeat for several; connections are spread round-robin)", Required = true, AllowMultipleArgumentsPerToken = true };
var auth = new Option<AuthMode>("--auth") { Description = "parley: REST register/login; any: the server accepts any token", DefaultValueFactory = _ => AuthMode.Parley };
var label = new Option<string>("--label") { Description = "Name of the system under test, copied into the result", DefaultValueFactory = _ => "server" };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load before measuring (idle: settle time before the baseline sample)", DefaultValueFactory = _ => 3 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds (idle: settle time after connecting)", DefaultValueFactory = _ => 10 };
var frontends = new Option<string[]>("--frontend-pid") { Description = "name=pid of a process holding client connections (CPU and memory are reported)", AllowMultipleArgumentsPerToken = true };
var others = new Option<string[]>("--server-pid") { Description = "name=pid of another process of the system under test", AllowMultipleArgumentsPerToken = true };
var sources = new Option<int>("--source-addresses") { Description = "Connect from 127.0.0.1 … 127.0.0.N (more ephemeral ports)", DefaultValueFactory = _ => 1 };
var rooms = new Option<int>("--rooms") { DefaultValueFactory = _ => 20 };
var subscribers = new Option<int>("--subscribers") { Description = "Subscribers per room", DefaultValueFactory = _ => 50 };
var publishers = new Option<int>("--publishers") { Description = "Publishers per room", DefaultValueFactory = _ => 1 };
var inFlight = new Option<int>("--in-flight") { Description = "Sends outstanding per publisher", DefaultValueFactory = _ => 8 };
var textLength = new Option<int>("--text-length") { DefaultValueFactory = _ => 100 };
var connections = new Option<int>("--connections") { DefaultValueFactory = _ => 10_000 };
var roomSize = new Option<int>("--room-size") { Description = "Idle connections per room", DefaultValueFactory = _ => 100 };
var users = new Option<int>("--users") { Description = "Distinct users for the idle connections (0: one per connection)", DefaultValueFactory = _ => 0 };
var client = new Option<ClientKind>("--client") { Description = "minimal: raw-WebSocket SignalR client parsing only seq and timestamp; official: Microsoft.AspNetCore.SignalR.Client (JSON only)", DefaultValueFactory = _ => ClientKind.Minimal };
var protocol = new Option<HubProtocolName>("--protocol") { Description = "SignalR hub protocol of the minimal client: json or messagepack", DefaultValueFactory = _ => HubProtocolName.Json };
var killPid = new Option<int>("--kill-pid") { Description = "Process to SIGKILL", Required = true };
var killAfter = new Option<int>("--kill-after") { DefaultValueFactory = _ => 5 };

Command Traffic(string name, string description, int defaultRooms, int defaultSubscribers, int defaultPublishers, int defaultInFlight)
{
    var command = new Command(name, description) { urls, auth, label, warmup, seconds, frontends, others, sources, rooms, subscribers, publishers, inFlight, textLength, client, protocol };
    rooms.DefaultValueFactory = _ => defaultRooms;
    command.SetAction(async (result, cancellationToken) =>
    {
        using var target = TargetOf(result);
        var plan = new TrafficPlan(
            name,
            result.GetResult(rooms) is { Implicit: false } ? result.GetValue(rooms) : defaultRooms,
            result.GetResult(subscribers) is { Implicit: false } ? result.GetValue(subscribers) : defaultSubscribers,
            result.GetResult(publishers) is { Implicit: false } ? result.GetValue(publishers) : defaultPublishers,
            result.GetResult(inFlight) is { Implicit: false } ? result.GetValue(inFlight) : defaultInFlight,
            result.GetValue(textLength));
        return Print(await TrafficScenario.RunAsync(target, plan, MeasureOf(result), cancellationToken));
    });
    return command;
}

var idle = new Command("idle", "Idle subscribed connections; front-end memory per connection") { urls, auth, label, warmup, seconds, frontends, others, sources, connections, roomSize, users, client, protocol };
idle.SetAction(async (result, cancellationToken) =>
{
    using var target = TargetOf(result);
    var count = result.GetValue(connections);
    return Print(await IdleScenario.RunAsync(target, count, result.GetValue(roomSize), result.GetValue(users) is > 0 and var u ? u : count, MeasureOf(result), cancellationToken));
});

var failover = new Command("failover", "SIGKILL a process while rooms are busy: time until sends succeed again, acknowledged messages lost") { urls, auth, label, frontends, others, rooms, inFlight, killPid, killAfter };
failover.SetAction(async (result, cancellationToken) =>
{
    using var target = TargetOf(result);
    var roomCount = result.GetResult(rooms) is { Implicit: false } ? result.GetValue(rooms) : 8;
    var slots = result.GetResult(inFlight) is { Implicit: false } ? result.GetValue(inFlight) : 2;
    return Print(await FailoverScenario.RunAsync(target, roomCount, slots, result.GetValue(killAfter), result.GetValue(killPid), MeasureOf(result), cancellationToken));
});

var chaosSeconds = new Option<int>("--seconds") { Description = "How long the traffic runs", DefaultValueFactory = _ => 600 };
var chaos = new Command("chaos", "Steady retrying publishers and resuming subscribers while processes die underneath (bench/chaos.sh): lost, duplicated, gaps") { urls, auth, rooms, subscribers, inFlight, chaosSeconds };
chaos.SetAction(async (result, cancellationToken) =>
{
    using var target = TargetOf(result);
    var roomCount = result.GetResult(rooms) is { Implicit: false } ? result.GetValue(rooms) : 4;
    var perRoom = result.GetResult(subscribers) is { Implicit: false } ? result.GetValue(subscribers) : 3;
    var slots = result.GetResult(inFlight) is { Implicit: false } ? result.GetValue(inFlight) : 2;
    return Print(await ChaosScenario.RunAsync(target, roomCount, perRoom, slots, result.GetValue(chaosSeconds), cancellationToken));
});

var root = new RootCommand("Load generator for Parley and the SignalR baselines (127.0.0.x only; every scenario stops by itself)")
{
    Traffic("fanout", "Rooms × subscribers, publishers per room: sends/s, deliveries/s, send→deliver latency", 20, 50, 1, 8),
    Traffic("hot-room", "One room, many subscribers and publishers", 1, 500, 20, 4),
    Traffic("durable-write", "Acknowledged sends/s (no subscribers)", 1, 0, 16, 4),
    Traffic("curve-subscribers", "A point of the scaling curve in subscribers per room", 1, 50, 10, 2),
    Traffic("curve-rooms", "A point of the scaling curve in rooms", 20, 5, 1, 10),
    idle,
    failover,
    chaos,
};
return await root.Parse(args).InvokeAsync();

Target TargetOf(ParseResult result)
{
    var parsed = result.GetValue(urls)!.Select(u => new Uri(u)).ToList();
    if (parsed.Any(u => !u.Host.StartsWith("127.", StringComparison.Ordinal)))
    {
        throw new ArgumentException("Only 127.0.0.x targets are allowed.");
    }

    return new Target(parsed, result.GetValue(auth), result.GetValue(sources), Guid.NewGuid().ToString("N")[..8],
        result.GetResult(client) is null ? ClientKind.Minimal : result.GetValue(client),
        result.GetResult(protocol) is null ? HubProtocolName.Json : result.GetValue(protocol));
}

Measure MeasureOf(ParseResult result) => new(
    result.GetValue(label)!,
    result.GetResult(warmup) is null ? 0 : result.GetValue(warmup),
    result.GetResult(seconds) is null ? 0 : result.GetValue(seconds),
    ProcessProbe.Parse(result.GetValue(frontends) ?? []),
    ProcessProbe.Parse(result.GetValue(others) ?? []));

int Print(object report)
{
    Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    return 0;
}
