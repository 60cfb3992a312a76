using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Cli.Audit;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Replay;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Cli.Tests.Audit;

/// <summary>The commands against a real server: export → verify → replay offline gives the server's own numbers;
/// import into another server keeps every hash; verify and history go through the server's endpoints.</summary>
public sealed class ServerRoundTripTests : IDisposable
{
    private const string Study = "cli-audit";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BundleFiles _files = new();

    [Fact]
    public async Task Export_replay_and_import_through_the_cli_keep_the_hashes_and_give_the_servers_fits()
    {
        await using var source = await CliTestServer.StartAsync();
        using var api = source.Http();
        var runs = await SweepPosts.PostAsync(api, Study, BundleFiles.Points(runs: 1, steps: 30));
        await source.ProjectionsAsync();
        var recordedLive = await RecordedFitAsync(api);
        var bundle = _files.PathOf("exported.jsonl");

        var export = await CliAsync(ExportCommand.RunAsync, ExportCommand.Aliases(["--study", Study, "-o", bundle, "--url", source.Url, "--token", CliTestServer.Token]), ExportCommand.Options, ExportCommand.Flags);
        var fits = new[] { "compute", "data" }.ToDictionary(a => a, a => Get<FitView>(api, $"/api/v1/studies/{Study}/fit?axis={a}"));
        var dataset = await Get<DatasetView>(api, $"/api/v1/studies/{Study}/dataset");

        Assert.True(export.Exit == 0, export.Error);
        var manifest = JsonSerializer.Deserialize<BundleManifest>(File.ReadLines(bundle).Last(), Json)!;
        Assert.Contains($"anchor {manifest.Anchor}", export.Output, StringComparison.Ordinal);
        Assert.Equal(8, manifest.Streams);

        // Offline: every hash verifies, and the replay gives the server's dataset and fits number for number.
        var verify = await CliAsync(VerifyCommand.RunAsync, [bundle], VerifyCommand.Options, VerifyCommand.Flags);
        Assert.True(verify.Exit == 0, verify.Output);
        Assert.Contains($"anchor {manifest.Anchor}", verify.Output, StringComparison.Ordinal);
        var replay = await ReplayAsync(bundle, "--fit", "--points", "--json");
        using (var report = JsonDocument.Parse(replay.Output))
        {
            var replayed = report.RootElement.GetProperty("fits");
            foreach (var (axis, served) in fits)
            {
                var fit = replayed.GetProperty(axis).Deserialize<FitView>(Json)!;
                AssertSameFit(await served, fit);
            }

            Assert.Equal(JsonSerializer.Serialize(dataset.Points, Json), Points(report.RootElement));
        }

        var text = await ReplayAsync(bundle, "--fit");
        var compute = await fits["compute"];
        Assert.True(compute.Succeeded, compute.Reason);
        Assert.Contains($"Kmax = {compute.Kmax!.Value.ToString("R", CultureInfo.InvariantCulture)} ", text.Output, StringComparison.Ordinal);
        Assert.Contains($"N0   = {compute.N0!.Value.ToString("R", CultureInfo.InvariantCulture)} ", text.Output, StringComparison.Ordinal);
        Assert.All(compute.Sizes, s => Assert.Contains(string.Create(CultureInfo.InvariantCulture, $" {s.K.Value,-24:R} {s.E.Value,-24:R} {s.Points}"), text.Output, StringComparison.Ordinal));

        // The fit the server recorded (FitComputed) is the replay of the events up to its high-water mark.
        var recorded = await ReplayAsync(bundle, "--fit", "--json", "--axis", "compute", "--sequence", recordedLive.HighWaterMark.ToString(CultureInfo.InvariantCulture));
        using (var report = JsonDocument.Parse(recorded.Output))
        {
            AssertSameFit(recordedLive, report.RootElement.GetProperty("fits").GetProperty("compute").Deserialize<FitView>(Json)!);
        }

        var full = await ReplayAsync(bundle, "--fit", "--json", "--axis", "compute");
        using (var report = JsonDocument.Parse(full.Output))
        {
            // The last fit recorded before the export is printed beside the re-derived one.
            var last = report.RootElement.GetProperty("recordedFits").GetProperty("compute").GetProperty("fit").Deserialize<FitView>(Json)!;
            Assert.True(last.HighWaterMark >= recordedLive.HighWaterMark);
        }

        // As of a moment in the middle: the replayed dataset is the server's time-travel answer.
        var middle = JsonDocument.Parse(File.ReadLines(bundle).ElementAt((int)(manifest.Events / 2))).RootElement;
        var asOf = middle.GetProperty("timestamp").GetDateTimeOffset();
        var past = await Get<DatasetView>(api, $"/api/v1/studies/{Study}/dataset?asOf={Uri.EscapeDataString(asOf.ToString("O", CultureInfo.InvariantCulture))}");
        var replayedPast = await ReplayAsync(bundle, "--points", "--json", "--as-of", asOf.ToString("O", CultureInfo.InvariantCulture));
        using (var report = JsonDocument.Parse(replayedPast.Output))
        {
            Assert.Equal(JsonSerializer.Serialize(past.Points, Json), Points(report.RootElement));
            Assert.True(past.Points.Count < dataset.Points.Count);
        }

        // Import into another Tracker: the same heads and anchor, verified by that server.
        await using var target = await CliTestServer.StartAsync();
        var import = await CliAsync(BundleImportCommand.RunAsync, [bundle, "--url", target.Url, "--token", CliTestServer.Token], BundleImportCommand.Options, BundleImportCommand.Flags);
        Assert.True(import.Exit == 0, import.Error);
        var remote = await CliAsync(VerifyCommand.RunAsync, ["--url", target.Url, "--token", CliTestServer.Token, "--study", Study, "--json"], VerifyCommand.Options, VerifyCommand.Flags);
        Assert.True(remote.Exit == 0, remote.Output + remote.Error);
        var targetReport = JsonSerializer.Deserialize<VerifyReport>(remote.Output, Json)!;
        Assert.Equal(manifest.Anchor, targetReport.Anchor);
        Assert.Equal(manifest.Heads, targetReport.Heads);
        await target.ProjectionsAsync();
        using var other = target.Http();
        AssertSameFit(compute, await Get<FitView>(other, $"/api/v1/studies/{Study}/fit?axis=compute"));

        // History, page by page through the server.
        var run = runs.Values.First();
        var history = await CliAsync(HistoryCommand.RunAsync, ["--url", source.Url, "--token", CliTestServer.Token, "--run", run.ToString(), "--json"], HistoryCommand.Options, HistoryCommand.Flags);
        Assert.True(history.Exit == 0, history.Error);
        var events = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<RunEventView>(l, Json)!).ToList();
        Assert.Equal("RunRegistered", events[0].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
        var studyHistory = await CliAsync(HistoryCommand.RunAsync, ["--url", source.Url, "--token", CliTestServer.Token, "--study", Study, "--type", "RunFinished", "--limit", "3"], HistoryCommand.Options, HistoryCommand.Flags);
        var rows = studyHistory.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length); // header and three events
        Assert.All(rows.Skip(1), r => Assert.Contains(" RunFinished ", r, StringComparison.Ordinal));

        // A direct change of one stored event in PostgreSQL: the server's verify names it and the command exits 1.
        var altered = events.First(e => e.Type == "StepsLogged");
        await source.ExecuteAsync($"update tracker.mt_events set data = jsonb_set(data, '{{steps,0,tokens}}', '1') where stream_id = '{run}' and version = {altered.Version}");
        var broken = await CliAsync(VerifyCommand.RunAsync, ["--url", source.Url, "--token", CliTestServer.Token, "--study", Study], VerifyCommand.Options, VerifyCommand.Flags);
        Assert.Equal(1, broken.Exit);
        Assert.Contains($"MISMATCH stream {run}, version {altered.Version}, sequence {altered.Sequence}", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_replays_default_loss_dataset_is_the_servers()
    {
        Assert.Equal(StudySummary.DefaultLossDataset, StudyReplay.DefaultLossDataset);
    }

    /// <summary>The first fit the live fitter records (it fits at most once a second per study).</summary>
    private static async Task<FitView> RecordedFitAsync(HttpClient api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var fits = await Get<List<FitView>>(api, $"/api/v1/studies/{Study}/fits?axis=compute");
            if (fits.Count > 0)
            {
                return fits[^1];
            }

            Assert.True(DateTime.UtcNow < deadline, "the live fitter recorded no fit within 60 s");
            await Task.Delay(200);
        }
    }

    /// <summary>The replay report's points, written as the API writes them.</summary>
    private static string Points(JsonElement report) =>
        JsonSerializer.Serialize(report.GetProperty("points").Deserialize<List<ScalingPointView>>(Json), Json);

    private static void AssertSameFit(FitView expected, FitView actual)
    {
        Assert.Equal(expected.Succeeded, actual.Succeeded);
        Assert.Equal(expected.HighWaterMark, actual.HighWaterMark);
        Assert.Equal(expected.PointsUsed, actual.PointsUsed);
        if (!expected.Succeeded)
        {
            // A fit the live fitter recorded early (too few sizes yet) fails: the replay must fail the same way.
            Assert.Equal(expected.Reason, actual.Reason);
            return;
        }

        Close(expected.Kmax!.Value, actual.Kmax!.Value);
        Close(expected.N0!.Value, actual.N0!.Value);
        Assert.Equal(expected.Sizes.Select(s => s.N), actual.Sizes.Select(s => s.N));
        foreach (var (e, a) in expected.Sizes.Zip(actual.Sizes))
        {
            Close(e.K.Value, a.K.Value);
            Close(e.E.Value, a.E.Value);
        }
    }

    /// <summary>Equal to 1e-12 (relative): the issue's bar; the same code on the same events gives the same bits.</summary>
    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{expected:R} ≠ {actual:R}");

    private static async Task<T> Get<T>(HttpClient http, string uri) =>
        (await http.GetFromJsonAsync<T>(new Uri(uri, UriKind.Relative), Json))!;

    private static Task<(int Exit, string Output, string Error)> CliAsync(
        Func<Tracker.Cli.Commands.CommandLine, TextWriter, TextWriter, CancellationToken, Task<int>> command, IReadOnlyList<string> args, string[] options, string[] flags) =>
        BundleFiles.RunAsync(command, [.. args], options, flags);

    private static Task<(int Exit, string Output, string Error)> ReplayAsync(params string[] args) =>
        BundleFiles.RunAsync((line, output, error, _) => Task.FromResult(ReplayCommand.Run(line, output, error)), args, ReplayCommand.Options, ReplayCommand.Flags);

    public void Dispose() => _files.Dispose();
}
