using System.Diagnostics;
using System.Globalization;
using Tracker.Bench.Ingest;

// Durable step ingestion through Tracker's HTTP API against a raw Npgsql binary COPY of the same rows,
// in the same process, on the same PostgreSQL, with the same number of concurrent clients and batch size.
var options = BenchOptions.Parse(args);
if (args.Contains("--dataset"))
{
    // Query times of a large study: --clients runs × --batches points each.
    await using var bigDatabase = await BenchDatabase.CreateAsync(options.Postgres);
    await using var bigServer = await ServerProcess.StartAsync(bigDatabase.ConnectionString);
    await DatasetQuery.RunAsync(bigServer.Address, runs: options.Clients, points: options.Batches);
    return 0;
}

if (args.Contains("--live"))
{
    // Latency from an evaluation's commit to the FitComputed event that covers it.
    await using var liveDatabase = await BenchDatabase.CreateAsync(options.Postgres);
    await using var liveServer = await ServerProcess.StartAsync(liveDatabase.ConnectionString);
    await LiveLatency.RunAsync(liveServer.Address, liveDatabase.ConnectionString, runs: options.Clients, steps: options.Batches);
    return 0;
}

if (args.Contains("--nodes"))
{
    // The same ingest workload through 1, 2 and 3 nodes on one PostgreSQL and one RabbitMQ.
    await NodeScaling.RunAsync(options, int.Parse(BenchOptions.Arg(args, "rabbitmq-port", "5672"), CultureInfo.InvariantCulture), BenchOptions.Arg(args, "http-dispatch", "Mediator"));
    return 0;
}

if (args.Contains("--catchup"))
{
    // The async daemon catching up on events loaded while it was off, against reading the same events.
    var catchUpOptions = options with { BatchSize = int.Parse(BenchOptions.Arg(args, "batch-size", "100"), CultureInfo.InvariantCulture) };
    await ProjectionCatchUp.RunAsync(catchUpOptions, int.Parse(BenchOptions.Arg(args, "runs", "100"), CultureInfo.InvariantCulture), int.Parse(BenchOptions.Arg(args, "steps", "10000"), CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("--soak"))
{
    // Memory of one server under sustained ingestion and dashboard reads.
    await Soak.RunAsync(options, double.Parse(BenchOptions.Arg(args, "minutes", "10"), CultureInfo.InvariantCulture));
    return 0;
}

var workload = Workload.Create(options);
Console.WriteLine($"workload: {options.Clients} clients × {options.Batches} batches × {options.BatchSize} steps, {options.Metrics} metrics per step ({workload.TotalSteps:N0} steps)");

await using var database = await BenchDatabase.CreateAsync(options.Postgres);
await RawCopy.RunAsync(database.ConnectionString, Workload.Create(options with { Batches = 2 }), tableSuffix: "_warmup"); // JIT and pools, not counted
var copy = await RawCopy.RunAsync(database.ConnectionString, workload);
await using var server = await ServerProcess.StartAsync(database.ConnectionString);
var http = await HttpIngest.RunAsync(server.Address, workload);
var copyAgain = await RawCopy.RunAsync(database.ConnectionString, workload, tableSuffix: "_2");

var baseline = (copy.StepsPerSecond + copyAgain.StepsPerSecond) / 2;
Console.WriteLine();
Console.WriteLine("| path | steps | seconds | steps/s | ratio to raw COPY |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (name, result) in new[] { ("raw Npgsql binary COPY (before)", copy), ("Tracker HTTP API, durable 2xx", http), ("raw Npgsql binary COPY (after)", copyAgain) })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {result.Steps:N0} | {result.Seconds:F2} | {result.StepsPerSecond:N0} | {result.StepsPerSecond / baseline:F2} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio Tracker/COPY = {http.StepsPerSecond / baseline:F2} (target ≥ 0.50)"));
return http.StepsPerSecond / baseline >= 0.5 ? 0 : 2;
