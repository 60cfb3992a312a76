using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Bench.Ingest;
using Tracker.Contracts.Runs;

// MLflow runs/log-batch requests of 1,000 metrics each (what the MLflow client sends when it flushes several steps of a
// veRL job: 10 steps × 100 keys), next to the native steps endpoint carrying the same 1,000 values per request
// (10 steps × 100 metrics), on the same server process and database, with the same concurrent clients.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var postgres = Arg("postgres", Environment.GetEnvironmentVariable("TRACKER_BENCH_POSTGRES") ?? "");
if (postgres.Length == 0)
{
    throw new ArgumentException("pass --postgres CONNECTION_STRING (ops/bench does)");
}

var clients = int.Parse(Arg("clients", "4"), CultureInfo.InvariantCulture);
var requests = int.Parse(Arg("requests", "50"), CultureInfo.InvariantCulture);
const int StepsPerRequest = 10;
const int KeysPerStep = 100;
const int Values = StepsPerRequest * KeysPerStep;

string[] prefixes = ["actor/pg_loss", "actor/entropy", "actor/kl_loss", "actor/grad_norm", "critic/score/mean", "critic/advantages/mean", "response_length/mean", "perf/throughput", "timing_s/gen", "timing_per_token_ms/gen"];
var keys = Enumerable.Range(0, KeysPerStep).Select(k => k < prefixes.Length ? prefixes[k] : $"{prefixes[k % prefixes.Length]}/part_{k}").ToArray();
var random = new Random(42);

// [client][request] → steps; both paths send exactly these values.
List<List<(long Step, long Time, double[] Values)[]>> Workload() =>
    Enumerable.Range(0, clients).Select(_ => Enumerable.Range(0, requests + 1).Select(r =>
        Enumerable.Range(r * StepsPerRequest, StepsPerRequest).Select(step =>
            ((long)step, 1_737_000_000_000 + (step * 60_000L), keys.Select(_ => random.NextDouble()).ToArray())).ToArray()).ToList()).ToList();

var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
byte[] NativeBody((long Step, long Time, double[] Values)[] steps) =>
    JsonSerializer.SerializeToUtf8Bytes(new { steps = steps.Select(s => new StepData(s.Step, DateTimeOffset.FromUnixTimeMilliseconds(s.Time), Metrics: keys.Zip(s.Values).ToDictionary(p => p.First, p => p.Second))) }, web);
byte[] MlflowBody(string runId, (long Step, long Time, double[] Values)[] steps) =>
    JsonSerializer.SerializeToUtf8Bytes(new { run_id = runId, metrics = steps.SelectMany(s => keys.Zip(s.Values).Select(p => new { key = p.First, value = p.Second, timestamp = s.Time, step = s.Step })) });

await using var database = await BenchDatabase.CreateAsync(postgres);
await using var server = await ServerProcess.StartAsync(database.ConnectionString);
using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
Console.WriteLine($"workload: {clients} concurrent clients × {requests} requests × {Values:N0} values ({StepsPerRequest} steps × {KeysPerStep} keys), one run per client; Environment.ProcessorCount = {Environment.ProcessorCount}");

async Task<string> NativeRunAsync(string study, int client)
{
    var response = await http.PostAsJsonAsync("/api/v1/runs", new { study, name = $"native-{client}-{Guid.NewGuid():N}", model = new { parameters = 7e9 }, training = new { batchSize = 512 } }, web);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>(web)).GetProperty("runId").GetGuid().ToString();
}

async Task<string> MlflowRunAsync(string experimentId, int client)
{
    var response = await PostJsonAsync("/mlflow/api/2.0/mlflow/runs/create", JsonSerializer.SerializeToUtf8Bytes(new { experiment_id = experimentId, start_time = 1_737_000_000_000, run_name = $"mlflow-{client}", tags = new[] { new { key = "mlflow.user", value = "bench" } } }));
    return response.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
}

async Task<JsonElement> PostJsonAsync(string path, byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new("application/json");
    using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
}

async Task<(double Seconds, long Requests)> NativeAsync(string study)
{
    var work = Workload();
    var runs = new List<string>();
    for (var c = 0; c < clients; c++)
    {
        runs.Add(await NativeRunAsync(study, c));
    }

    var bodies = work.Select(w => w.Select(NativeBody).ToList()).ToList();
    for (var c = 0; c < clients; c++)
    {
        await PostJsonAsync($"/api/v1/runs/{runs[c]}/steps", bodies[c][0]); // warm-up request per client, not counted
    }

    var watch = Stopwatch.StartNew();
    await Task.WhenAll(runs.Select(async (run, c) =>
    {
        foreach (var body in bodies[c].Skip(1))
        {
            await PostJsonAsync($"/api/v1/runs/{run}/steps", body);
        }
    }));
    return (watch.Elapsed.TotalSeconds, (long)clients * requests);
}

async Task<(double Seconds, long Requests)> MlflowAsync(string experiment)
{
    var work = Workload();
    var experimentId = (await PostJsonAsync("/mlflow/api/2.0/mlflow/experiments/create", JsonSerializer.SerializeToUtf8Bytes(new { name = experiment }))).GetProperty("experiment_id").GetString()!;
    var runs = new List<string>();
    for (var c = 0; c < clients; c++)
    {
        runs.Add(await MlflowRunAsync(experimentId, c));
    }

    var bodies = work.Select((w, c) => w.Select(steps => MlflowBody(runs[c], steps)).ToList()).ToList();
    for (var c = 0; c < clients; c++)
    {
        await PostJsonAsync("/mlflow/api/2.0/mlflow/runs/log-batch", bodies[c][0]); // warm-up, not counted
    }

    var watch = Stopwatch.StartNew();
    await Task.WhenAll(runs.Select(async (_, c) =>
    {
        foreach (var body in bodies[c].Skip(1))
        {
            await PostJsonAsync("/mlflow/api/2.0/mlflow/runs/log-batch", body);
        }
    }));
    return (watch.Elapsed.TotalSeconds, (long)clients * requests);
}

// Native, MLflow, native again: the two native passes bracket the MLflow pass, so drift of the shared machine's load
// shows as the spread between them.
// One untimed pass of each path first: JIT, tiered compilation, pools, PostgreSQL's caches.
await NativeAsync("bench-native-warmup");
await MlflowAsync("bench-mlflow-warmup");
var before = await NativeAsync("bench-native-before");
var mlflow = await MlflowAsync("bench-mlflow");
var after = await NativeAsync("bench-native-after");
var baseline = ((before.Requests / before.Seconds) + (after.Requests / after.Seconds)) / 2;

Console.WriteLine();
Console.WriteLine("| path | requests | values | seconds | requests/s | values/s | ratio to native |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var (name, r) in new[] { ("native POST /api/v1/runs/{id}/steps (before)", before), ("MLflow POST runs/log-batch", mlflow), ("native POST /api/v1/runs/{id}/steps (after)", after) })
{
    var rps = r.Requests / r.Seconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Requests:N0} | {r.Requests * Values:N0} | {r.Seconds:F2} | {rps:F1} | {rps * Values:N0} | {rps / baseline:F2} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio MLflow log-batch / native steps = {mlflow.Requests / mlflow.Seconds / baseline:F2}"));
return 0;
