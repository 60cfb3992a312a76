using System.Globalization;

namespace Tracker.Bench.Ingest;

/// <summary>The ingest workload through 1, 2 and 3 Tracker.Server processes sharing one PostgreSQL database and one
/// RabbitMQ node, clients spread round-robin over the nodes; the 1-node rate is the baseline.</summary>
public static class NodeScaling
{
    public static async Task RunAsync(BenchOptions options, int rabbitMqPort, string httpDispatch)
    {
        var workload = Workload.Create(options);
        Console.WriteLine($"workload: {options.Clients} clients × {options.Batches} batches × {options.BatchSize} steps, {options.Metrics} metrics per step ({workload.TotalSteps:N0} steps), bus RabbitMQ, HTTP dispatch {httpDispatch}");
        var results = new List<(int Nodes, BenchResult Result)>();
        foreach (var nodes in new[] { 1, 2, 3 })
        {
            results.Add((nodes, await MeasureAsync(options, workload, nodes, rabbitMqPort, httpDispatch)));
        }

        var baseline = results[0].Result.StepsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| nodes | steps | seconds | steps/s | ratio to 1 node |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var (nodes, result) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {nodes} | {result.Steps:N0} | {result.Seconds:F2} | {result.StepsPerSecond:N0} | {result.StepsPerSecond / baseline:F2} |"));
        }

        Console.WriteLine($"All nodes run on this machine's {Environment.ProcessorCount} cores with PostgreSQL, RabbitMQ and the clients: "
            + "on one small machine more nodes add coordination (more connections, the run lock, HotCold daemon election), not capacity. "
            + "A speed-up needs nodes on machines of their own.");
    }

    /// <summary>A fresh database and RabbitMQ vhost (tN) per node count, so no configuration sees another's data or queues.</summary>
    private static async Task<BenchResult> MeasureAsync(BenchOptions options, Workload workload, int nodes, int rabbitMqPort, string httpDispatch)
    {
        await using var database = await BenchDatabase.CreateAsync(options.Postgres);
        var environment = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMq__Host"] = "127.0.0.1",
            ["Messaging__RabbitMq__Port"] = rabbitMqPort.ToString(CultureInfo.InvariantCulture),
            ["Messaging__RabbitMq__VirtualHost"] = "t" + nodes.ToString(CultureInfo.InvariantCulture),
            ["Messaging__HttpDispatch"] = httpDispatch,
        };
        var servers = new List<ServerProcess>();
        try
        {
            // One after the other, as ops/cluster does: the first node takes the async daemon, the others stand by.
            for (var i = 0; i < nodes; i++)
            {
                servers.Add(await ServerProcess.StartAsync(database.ConnectionString, environment));
            }

            var result = await HttpIngest.RunAsync(servers.Select(s => s.Address).ToList(), workload);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{nodes} node(s): {result.StepsPerSecond:N0} steps/s"));
            return result;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
