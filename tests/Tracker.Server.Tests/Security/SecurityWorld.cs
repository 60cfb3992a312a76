using System.Net;
using System.Net.Http.Json;
using Tracker.Contracts.Runs;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

/// <summary>Who calls in the security tests: nobody, each scope of project "alpha", the admin of project "beta", and the server admin.</summary>
public enum Caller
{
    Anonymous,
    AlphaWrite,
    AlphaRead,
    AlphaAudit,
    AlphaAdmin,
    BetaAdmin,
    ServerAdmin,
}

/// <summary>Two projects on one server: alpha holds a study with a run, steps and an evaluation; beta is empty. One
/// token per caller, issued through the API as an operator would.</summary>
public sealed class SecurityWorld : IAsyncLifetime
{
    public const string Study = "alpha-study";
    private readonly Dictionary<Caller, string> _tokens = [];
    private TestDatabase _database = default!;

    public TrackerApp App { get; private set; } = default!;

    public Guid RunId { get; private set; }

    public IReadOnlyDictionary<Caller, string> Tokens => _tokens;

    /// <summary>The study as an MLflow experiment, and a run created in it through the MLflow API.</summary>
    public string ExperimentId { get; private set; } = "";

    public string MlflowRunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        App = new TrackerApp(_database);
        var admin = App.CreateClient();
        foreach (var project in new[] { "alpha", "beta" })
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new { name = project })).EnsureSuccessStatusCode();
        }

        _tokens[Caller.AlphaWrite] = await IssueAsync(admin, "alpha", "write");
        _tokens[Caller.AlphaRead] = await IssueAsync(admin, "alpha", "read");
        _tokens[Caller.AlphaAudit] = await IssueAsync(admin, "alpha", "audit");
        _tokens[Caller.AlphaAdmin] = await IssueAsync(admin, "alpha", "admin");
        _tokens[Caller.BetaAdmin] = await IssueAsync(admin, "beta", "admin");
        _tokens[Caller.ServerAdmin] = TrackerApp.AdminToken;

        // The training job's own token creates the study in its project.
        var job = new Api(Client(Caller.AlphaWrite));
        var run = await job.RegisterAsync(Study, "qwen-7b-seed1");
        RunId = run.RunId;
        await job.LogStepsAsync(RunId, [new StepData(1, Reward: 0.1, Tokens: 1000), new StepData(2, Reward: 0.2, Tokens: 1000)]);
        await job.RecordEvaluationsAsync(RunId, [new EvaluationData(2, "holdout", 0.3)]);

        var experiment = await job.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/mlflow/api/2.0/mlflow/experiments/get-by-name?experiment_name={Study}");
        ExperimentId = experiment.GetProperty("experiment").GetProperty("experiment_id").GetString()!;
        var created = await job.Http.PostAsJsonAsync("/mlflow/api/2.0/mlflow/runs/create", MlflowRunCreation(ExperimentId));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        MlflowRunId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    /// <summary>The body of MLflow's start_run; sent again, it answers the same run.</summary>
    public static object MlflowRunCreation(string experimentId) => new { experiment_id = experimentId, run_name = "mlflow-run", start_time = 1_700_000_000_000L, tags = Array.Empty<object>() };

    public static async Task<string> IssueAsync(HttpClient admin, string project, string scope, string? name = null)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/projects/{project}/tokens", new { name = name ?? $"{project}-{scope}", scope });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>A client for the caller that does not follow redirects (the dashboard's sign-in redirect is an answer).</summary>
    public HttpClient Client(Caller caller)
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = caller == Caller.Anonymous
            ? null
            : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _tokens[caller]);
        return client;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
    }
}
