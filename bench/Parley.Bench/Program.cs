using System.CommandLine;
using Parley.Bench;

var trials = new Option<int>("--trials") { Description = "Runs per configuration", DefaultValueFactory = _ => 2 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per case", DefaultValueFactory = _ => 10 };

var failover = new Command("failover", "SIGKILL the silo hosting a busy room: time to be declared dead, time until sends succeed, messages lost")
{
    trials,
};
failover.SetAction((result, cancellationToken) => FailoverBenchmark.RunAsync(result.GetValue(trials), cancellationToken));

var durableWrite = new Command("durable-write", "Acknowledged sends/s into 1 room and into 100 rooms with PostgreSQL")
{
    seconds,
};
durableWrite.SetAction((result, cancellationToken) => DurableWriteBenchmark.RunAsync(result.GetValue(seconds), cancellationToken));

var root = new RootCommand("Parley benchmarks (traffic to 127.0.0.1 only; every run stops by itself)") { failover, durableWrite };
return await root.Parse(args).InvokeAsync();
