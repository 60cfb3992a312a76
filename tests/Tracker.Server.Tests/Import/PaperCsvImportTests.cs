using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Import;
using Tracker.Contracts.Studies;
using Tracker.Domain.Identity;
using Tracker.Scaling;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Import;

/// <summary>POST /api/v1/import/paper-csv on a real database: a file drawn from the paper's committed fits becomes
/// runs, steps and evaluations; importing it again stores nothing new; a bad or conflicting file stores nothing.</summary>
public sealed class PaperCsvImportTests : IAsyncLifetime
{
    // 7 sizes × 3 runs × steps 0..105.
    private const int Runs = 21;
    private const int RowsPerRun = 106;

    private static readonly string Sweep = PaperCsvFiles.FromPaperFit(PaperFits.BaseCompute);

    private TrackerApp _app = null!;
    private WebApplicationFactory<Program> _host = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?> { ["Tracker:Import:MaxCsvBytes"] = "2000000" });
        _host = _app;
        _api = new Api(_host.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_sweep_from_the_papers_fits_becomes_runs_steps_and_evaluations_and_a_reimport_is_all_duplicates()
    {
        var result = await ImportAsync("paper-base", Sweep);

        Assert.Equal(new PaperCsvImportResult("paper-base", Runs * RowsPerRun, 0, Runs, Runs, Runs * RowsPerRun, Runs * RowsPerRun, 0, result.Imported), result);
        Assert.Equal(Runs, result.Imported.Count);
        Assert.All(result.Imported, r => Assert.Equal(RowsPerRun, r.Steps));

        var runId = DeterministicGuid.ForRun("paper-base", "paper-72B-run1");
        Assert.Contains(result.Imported, r => r.RunId == runId && r.Name == "paper-72B-run1" && r.N == 72e9 && r.Tau is null);
        var run = await _api.GetRunAsync(runId);
        Assert.Equal(72e9, run.Model.Parameters);
        Assert.Equal(512, run.Training.BatchSize);
        Assert.Equal(RowsPerRun, run.StepCount);
        Assert.Equal("completed", run.Status);
        Assert.Equal(105 * 512, run.SamplesConsumed);
        var lastRow = Sweep.Split('\n').Last(l => l.StartsWith("72B,", StringComparison.Ordinal) && l.Contains(",run1,0,,105,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(double.Parse(lastRow[^1], System.Globalization.CultureInfo.InvariantCulture), run.Compute, 1e-6 * run.Compute);
        Assert.Equal(double.Parse(lastRow[15], System.Globalization.CultureInfo.InvariantCulture), run.LastEvaluations["holdout"].PassAt1);

        var events = await CountRunEventsAsync();
        var again = await ImportAsync("paper-base", Sweep);

        Assert.Equal((0, 0, 0), (again.Runs, again.Steps, again.Evaluations));
        Assert.Equal(Runs + (2 * Runs * RowsPerRun), again.Duplicates);
        Assert.Equal(events, await CountRunEventsAsync());
    }

    [Fact]
    public async Task The_imported_sweep_refits_to_the_papers_Kmax_and_N0_within_2_percent()
    {
        await ImportAsync("paper-fit", Sweep);
        await _host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var fit = (await _api.Http.GetFromJsonAsync<FitView>(new Uri("/api/v1/studies/paper-fit/fit?axis=compute", UriKind.Relative), Api.Json))!;

        Assert.True(fit.Succeeded, fit.Reason);
        Assert.Equal(7, fit.Sizes.Count);
        Assert.InRange(fit.Kmax!.Value / PaperFits.BaseCompute.Kmax, 0.98, 1.02);
        Assert.InRange(fit.N0!.Value / PaperFits.BaseCompute.N0, 0.98, 1.02);
    }

    [Fact]
    public async Task A_file_with_one_malformed_row_is_rejected_with_its_line_number_and_stores_nothing()
    {
        await ImportAsync("first", PaperCsvFiles.FromPaperFit(PaperFits.InstructCompute, runs: 1, steps: 10));
        var before = await CountRunEventsAsync();
        var streams = await _app.Database.CountStreamsAsync();
        var bad = PaperCsvFiles.ReplaceLine(Sweep, 1234, line => ReplaceField(line, 15, "1.7"));

        var response = await PostAsync("paper-base", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal(1, problem.GetProperty("errorCount").GetInt32());
        var error = problem.GetProperty("errors")[0];
        Assert.Equal(1234, error.GetProperty("line").GetInt32());
        Assert.Equal("holdout_score", error.GetProperty("column").GetString());
        Assert.Contains("line 1234, holdout_score", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountRunEventsAsync());
        Assert.Equal(streams, await _app.Database.CountStreamsAsync());
    }

    [Fact]
    public async Task Many_malformed_rows_list_the_first_20_errors_and_count_them_all()
    {
        var bad = Sweep;
        foreach (var line in Enumerable.Range(0, 25).Select(i => 10 + (i * 50)))
        {
            bad = PaperCsvFiles.ReplaceLine(bad, line, l => ReplaceField(l, 12, "many"));
        }

        var response = await PostAsync("paper-base", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal(25, problem.GetProperty("errorCount").GetInt32());
        Assert.Equal(20, problem.GetProperty("errors").GetArrayLength());
        Assert.Equal(0, await CountRunEventsAsync());
    }

    [Fact]
    public async Task A_file_that_contradicts_stored_steps_is_a_409_and_stores_nothing()
    {
        var small = PaperCsvFiles.FromPaperFit(PaperFits.BaseCompute, runs: 1, steps: 5);
        await ImportAsync("s", small);
        var before = await CountRunEventsAsync();
        // A new run (stored fine on its own) and a changed step of a stored one: all or nothing.
        var changed = PaperCsvFiles.ReplaceLine(small, 4, line => ReplaceField(line, 12, "123")) + small.Split('\n')[1].Replace(",run0,", ",run9,", StringComparison.Ordinal) + "\n";

        var response = await PostAsync("s", changed);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await Api.ProblemAsync(response)).GetProperty("detail").GetString();
        Assert.Contains("paper-0.5B-run0", detail, StringComparison.Ordinal);
        Assert.Contains("step 2", detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountRunEventsAsync());
    }

    [Fact]
    public async Task Steps_of_a_long_run_are_written_in_batches_of_at_most_10000_and_repeated_steps_keep_the_last_row()
    {
        var csv = PaperCsvFiles.LongRun(12_000) + "1500000000,long,7,4500000,0.99\n";

        var result = await ImportAsync("long", csv);

        Assert.Equal((12_002, 1, 12_001, 12_001), (result.Rows, result.SupersededRows, result.Steps, result.Evaluations));
        var events = await _api.GetAllEventsAsync(DeterministicGuid.ForRun("long", "paper-1.5B-long"), 1000);
        Assert.Equal(["RunRegistered", "StepsLogged", "StepsLogged", "EvaluationsRecorded", "EvaluationsRecorded", "RunFinished"], events.Select(e => e.Type));
        var sevens = events.Where(e => e.Type == "EvaluationsRecorded")
            .SelectMany(e => e.Data.GetProperty("evaluations").EnumerateArray())
            .Where(e => e.GetProperty("step").GetInt64() == 7)
            .Select(e => e.GetProperty("passAt1").GetDouble());
        Assert.Equal([0.99], sevens);
    }

    [Fact]
    public async Task A_missing_study_a_json_body_and_a_file_over_the_limit_are_refused()
    {
        var noStudy = await _api.Http.PostAsync(new Uri("/api/v1/import/paper-csv", UriKind.Relative), Csv("x"));
        var json = await _api.Http.PostAsync(new Uri("/api/v1/import/paper-csv?study=s", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        var huge = await PostAsync("s", PaperCsvFiles.LongRun(60_000));

        Assert.Equal(HttpStatusCode.BadRequest, noStudy.StatusCode);
        Assert.Equal("study", (await Api.ProblemAsync(noStudy)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(0, await CountRunEventsAsync());
    }

    // Events of run streams only: the study streams get FitComputed events from the live fits in the background.
    private Task<long> CountRunEventsAsync() =>
        _app.Database.ScalarAsync<long>("select count(*) from tracker.mt_events where stream_id in (select stream_id from tracker.mt_events where type = 'run_registered')");

    private async Task<PaperCsvImportResult> ImportAsync(string study, string csv)
    {
        var response = await PostAsync(study, csv);
        await Api.EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PaperCsvImportResult>(Api.Json))!;
    }

    private Task<HttpResponseMessage> PostAsync(string study, string csv) =>
        _api.Http.PostAsync(new Uri($"/api/v1/import/paper-csv?study={Uri.EscapeDataString(study)}", UriKind.Relative), Csv(csv));

    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private static string ReplaceField(string line, int index, string value)
    {
        var fields = line.Split(',');
        fields[index] = value;
        return string.Join(',', fields);
    }
}
