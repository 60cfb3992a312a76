using System.Runtime.InteropServices;
using System.Text.Json;
using Marten;
using Npgsql;
using Tracker.Contracts.Runs;
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

    private const int NameSampleSteps = 20;

    /// <summary>Stored values are numbers, or "NaN"/"Infinity" strings where JSON has no number.</summary>
    private static readonly JsonSerializerOptions Numbers = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

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
            ), steps as (
                select s.value as step from batches b
                cross join lateral (select value from jsonb_array_elements(b.data->'steps') limit {NameSampleSteps}) s)
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
        // Each batch is decompressed once (the inner select; reading `data` twice would detoast it twice, which is most
        // of the cost), then walked by two SQL/JSON paths (steps that have the value, then the values): a million steps
        // leave PostgreSQL as 200 arrays instead of a million rows. A built-in field by that name wins over a
        // same-named entry of the metrics dictionary.
        var member = StepFields.Contains(metric, StringComparer.Ordinal) ? JsonPathKey(metric) : "metrics." + JsonPathKey(metric);
        var sql = $"""
            select jsonb_path_query_array(b.steps, @steps::jsonpath)::text, jsonb_path_query_array(b.steps, @values::jsonpath)::text
            from (select data->'steps' as steps from {Schema}.mt_events where stream_id = @id and type = @type offset 0) b
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("type", StepsType);
        command.Parameters.AddWithValue("steps", $"$[*] ? (@.{member} != null).step");
        command.Parameters.AddWithValue("values", $"$[*] ? (@.{member} != null).{member}");
        var steps = new List<double>();
        var values = new List<double>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                steps.AddRange(JsonSerializer.Deserialize<double[]>(reader.GetString(0), Numbers)!);
                values.AddRange(JsonSerializer.Deserialize<double[]>(reader.GetString(1), Numbers)!);
            }
        }

        SortBySteps(steps, values);
        var keep = Downsampler.MinMax(steps, values, maxPoints);
        return new MetricSeries(metric, steps.Count, keep.Select(i => steps[i]).ToList(), keep.Select(i => values[i]).ToList());
    }

    /// <summary>Batches arrive in any order (late or retried posts): sort by step, in place, unless already in order.</summary>
    private static void SortBySteps(List<double> steps, List<double> values)
    {
        var keys = CollectionsMarshal.AsSpan(steps);
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] < keys[i - 1])
            {
                keys.Sort(CollectionsMarshal.AsSpan(values));
                return;
            }
        }
    }

    /// <summary>A member name as a quoted SQL/JSON path key (its string syntax is JSON's): the name is data, never path syntax.</summary>
    private static string JsonPathKey(string name) => JsonSerializer.Serialize(name);

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

    /// <summary>A page of the run's events with their metadata. Step and evaluation batches (up to thousands of
    /// entries each) come as a summary computed in PostgreSQL (count, first and last step, datasets), so a page of a
    /// million-step run stays small; the API's events endpoint has the full data.</summary>
    public async Task<EventPage<RunEventView>> EventsAsync(Guid runId, long fromVersion, int limit, CancellationToken ct)
    {
        var sql = $"""
            select seq_id, version, mt_dotnet_type, type, timestamp, correlation_id, causation_id, user_name, headers::text,
                case when type in (@steps, @evaluations) then (
                    select jsonb_build_object('summary', true, 'count', count(*), 'firstStep', min((x->>'step')::bigint), 'lastStep', max((x->>'step')::bigint),
                        'datasets', coalesce(jsonb_agg(distinct x->>'dataset') filter (where x ? 'dataset'), '[]'::jsonb))
                    from jsonb_array_elements(coalesce(data->'steps', data->'evaluations')) x)
                else data end::text
            from {Schema}.mt_events
            where stream_id = @id and version >= @from
            order by version
            limit @limit
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("from", Math.Max(fromVersion, 1));
        command.Parameters.AddWithValue("limit", limit + 1);
        command.Parameters.AddWithValue("steps", StepsType);
        command.Parameters.AddWithValue("evaluations", EvaluationsType);
        var items = new List<RunEventView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var headers = reader.IsDBNull(8)
                ? []
                : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(reader.GetString(8))!
                    .ToDictionary(h => h.Key, h => h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString() ?? "" : h.Value.GetRawText());
            using var data = JsonDocument.Parse(reader.GetString(9));
            items.Add(new RunEventView(
                reader.GetInt64(0),
                reader.GetInt64(1),
                TypeName(reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                headers,
                data.RootElement.Clone(),
                headers.GetValueOrDefault("hash")));
        }

        return items.Count > limit
            ? new EventPage<RunEventView>(items[..limit], items[limit - 1].Version + 1)
            : new EventPage<RunEventView>(items, null);
    }

    /// <summary>The event's class name ("StepsLogged") from the stored .NET type, else from Marten's alias.</summary>
    private static string TypeName(string? dotnetType, string alias)
    {
        var name = dotnetType?.Split(',')[0];
        return name is { Length: > 0 }
            ? name[(name.LastIndexOfAny(['.', '+']) + 1)..]
            : string.Concat(alias.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
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
