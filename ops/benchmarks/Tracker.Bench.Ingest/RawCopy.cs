using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Tracker.Bench.Ingest;

/// <summary>The floor for durable writes of these rows: one binary COPY (one transaction) per batch, per client.</summary>
public static class RawCopy
{
    public static async Task<BenchResult> RunAsync(string connectionString, Workload workload, string tableSuffix = "")
    {
        var table = "raw_steps" + tableSuffix;
        await BenchDatabase.ExecuteAsync(connectionString,
            $"create table {table} (run_id uuid not null, step bigint not null, time timestamptz, reward double precision, loss double precision, tokens double precision, samples double precision, metrics jsonb, primary key (run_id, step))");
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(workload.Batches.Select(async batches =>
        {
            var runId = Guid.NewGuid();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var batch in batches)
            {
                await using var writer = await connection.BeginBinaryImportAsync($"copy {table} (run_id, step, time, reward, loss, tokens, samples, metrics) from stdin (format binary)");
                foreach (var s in batch)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(runId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(s.Step, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(s.Time!.Value, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(s.Reward!.Value, NpgsqlDbType.Double);
                    await writer.WriteAsync(s.Loss!.Value, NpgsqlDbType.Double);
                    await writer.WriteAsync(s.Tokens!.Value, NpgsqlDbType.Double);
                    await writer.WriteAsync(s.Samples!.Value, NpgsqlDbType.Double);
                    await writer.WriteAsync(JsonSerializer.Serialize(s.Metrics), NpgsqlDbType.Jsonb);
                }

                await writer.CompleteAsync();
            }
        }));
        return new BenchResult(workload.TotalSteps, watch.Elapsed.TotalSeconds);
    }
}
