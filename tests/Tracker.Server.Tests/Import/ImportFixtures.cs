using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using Tracker.Contracts.Import;
using Tracker.Contracts.Studies;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Import;

/// <summary>The fixture files next to this source file (small exports of veRL and TRL runs), and the import calls.</summary>
public static class ImportFixtures
{
    public static string PathOf(string name, [CallerFilePath] string here = "") =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(here)!, "Fixtures", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static Task<HttpResponseMessage> PostMlflowAsync(Api api, string study, string json, string query = "") =>
        api.Http.PostAsync(new Uri($"/api/v1/studies/{Uri.EscapeDataString(study)}/import/mlflow{Query(query)}", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostWandbCsvAsync(Api api, string study, string csv, string query) =>
        api.Http.PostAsync(new Uri($"/api/v1/studies/{Uri.EscapeDataString(study)}/import/wandb-csv{Query(query)}", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));

    public static Task<HttpResponseMessage> PostWandbFormAsync(Api api, string study, string csv, string config, string query)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(csv, Encoding.UTF8, "text/csv"), "history", "history.csv" },
            { new StringContent(config, Encoding.UTF8, "application/json"), "config", "config.json" },
        };
        return api.Http.PostAsync(new Uri($"/api/v1/studies/{Uri.EscapeDataString(study)}/import/wandb-csv{Query(query)}", UriKind.Relative), form);
    }

    public static async Task<RunImportResult> ResultAsync(HttpResponseMessage response)
    {
        await Api.EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<RunImportResult>(Api.Json))!;
    }

    public static async Task<List<ScalingPointView>> PointsAsync(TrackerApp app, Api api, string study, Guid runId)
    {
        await StudyWaits.ProjectionsAsync(app);
        var dataset = await api.Http.GetFromJsonAsync<DatasetView>(new Uri($"/api/v1/studies/{Uri.EscapeDataString(study)}/dataset", UriKind.Relative), Api.Json);
        return [.. dataset!.Points.Where(p => p.RunId == runId).OrderBy(p => p.Step)];
    }

    public static Task<long> CountRunEventsAsync(TrackerApp app) => app.Database.CountRunEventsAsync();

    /// <summary>Equal within a relative 1e-9 (sums of doubles), element by element.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IEnumerable<double> actual)
    {
        var values = actual.ToList();
        Assert.Equal(expected.Count, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.Equal(expected[i], values[i], Math.Max(1e-12, Math.Abs(expected[i]) * 1e-9));
        }
    }

    private static string Query(string query) => query.Length == 0 ? "" : "?" + query;
}
