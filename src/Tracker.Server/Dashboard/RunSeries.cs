using Marten;
using Npgsql;
using Tracker.Domain.Runs;
using Tracker.Web.Charts;
using Tracker.Web.Data;

namespace Tracker.Server.Dashboard;

/// <summary>A run's per-step values read straight from its stored step batches with SQL: only (step, value) pairs
/// of the one metric asked for leave PostgreSQL, never whole events. Then downsampled to what a chart can show.</summary>
public sealed class RunSeries(IDocumentStore store)
{
    public const int MaxEvaluationPoints = 2_000;

    /// <summary>Fields of a posted step that are values rather than identity; anything in "metrics" is a metric too.</summary>
    public static readonly string[] StepFields = ["reward", "loss", "tokens", "flops", "samples"];

    /// <summary>Batches looked at to list the metric names: the first and last ones are enough in practice, and a
    /// million-step run answers at once.</summary>
    private const int NameSampleBatches = 25;

    private string Schema => store.Options.Events.DatabaseSchemaName;

    private static string StepsType => EventTypeName(typeof(StepsLogged));

    private static string EvaluationsType => EventTypeName(typeof(EvaluationsRecorded));

    public async Task<IReadOnlyList<string>> MetricNamesAsync(Guid runId, CancellationToken ct)
    {
        var sql = $"""
            with batches as (
                (select data from {Schema}.mt_events where stream_id = @id and type = @type order by version limit {NameSampleBatches})
                union all
                (select data from {Schema}.mt_events where stream_id = @id and type = @type order by version desc limit {NameSampleBatches})
            ), steps as (select s.value as step from batches b cross join lateral jsonb_array_elements(b.data->'steps') s)
            select distinct k, 0 from steps cross join lateral jsonb_object_keys(step) k where k = any(@fields)
            union
            select distinct k, 1 from steps cross join lateral jsonb_object_keys(case when jsonb_typeof(step->'metrics') = 'object' then step->'metrics' else jsonb_build_object() end) k
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("type", StepsType);
        command.Parameters.AddWithValue("fields", StepFields);
        var names = new List<(string Name, int Custom)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return names.OrderBy(n => n.Custom).ThenBy(n => Array.IndexOf(StepFields, n.Name)).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => n.Name).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The metric over steps, min/max-downsampled: spikes stay visible however long the run.</summary>
    public async Task<MetricSeries> MetricAsync(Guid runId, string metric, int maxPoints, CancellationToken ct)
    {
        // A built-in field by that name wins over a same-named entry of the metrics dictionary.
        var value = StepFields.Contains(metric, StringComparer.Ordinal) ? "s.value->>@name" : "s.value->'metrics'->>@name";
        var sql = $"""
            select (s.value->>'step')::float8, ({value})::float8
            from {Schema}.mt_events e cross join lateral jsonb_array_elements(e.data->'steps') s
            where e.stream_id = @id and e.type = @type and ({value}) is not null
            order by 1
            """;
        var (steps, values) = await ReadPairsAsync(sql, runId, StepsType, metric, ct);
        var keep = Downsampler.MinMax(steps, values, maxPoints);
        return new MetricSeries(metric, steps.Count, keep.Select(i => steps[i]).ToList(), keep.Select(i => values[i]).ToList());
    }

    public async Task<IReadOnlyList<EvaluationSeries>> EvaluationsAsync(Guid runId, int maxPoints, CancellationToken ct)
    {
        var sql = $"""
            select v.value->>'dataset', (v.value->>'step')::float8, (v.value->>'passAt1')::float8
            from {Schema}.mt_events e cross join lateral jsonb_array_elements(e.data->'evaluations') v
            where e.stream_id = @id and e.type = @type
            order by 1, 2
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("type", EvaluationsType);
        var rows = new List<(string Dataset, double Step, double PassAt1)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
            }
        }

        return rows.GroupBy(r => r.Dataset, StringComparer.Ordinal)
            .Select(g =>
            {
                var steps = g.Select(r => r.Step).ToList();
                var pass = g.Select(r => r.PassAt1).ToList();
                var keep = Downsampler.MinMax(steps, pass, maxPoints);
                return new EvaluationSeries(g.Key, keep.Select(i => steps[i]).ToList(), keep.Select(i => pass[i]).ToList());
            })
            .ToList();
    }

    private async Task<(List<double> Steps, List<double> Values)> ReadPairsAsync(string sql, Guid runId, string type, string name, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("name", name);
        var steps = new List<double>();
        var values = new List<double>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            steps.Add(reader.GetDouble(0));
            values.Add(reader.GetDouble(1));
        }

        return (steps, values);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Marten's stored name of an event type (snake case of the class name unless configured otherwise).</summary>
    private static string EventTypeName(Type type) => JasperFx.Events.EventTypeExtensions.GetEventTypeName(type);
}
