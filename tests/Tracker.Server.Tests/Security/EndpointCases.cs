using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tracker.Server.Tests.Import;

namespace Tracker.Server.Tests.Security;

/// <summary>Where an endpoint's data lives, which decides what an outsider sees.</summary>
public enum Reach
{
    /// <summary>A study or run of project alpha: other projects' callers get 404.</summary>
    Alpha,

    /// <summary>The whole server: only a server-wide grant passes, everyone else gets 403.</summary>
    Server,

    /// <summary>A list filtered to the caller's projects: anyone with the scope somewhere gets 200.</summary>
    Listing,

    /// <summary>Registering into alpha's study by name: another project gets 409 (the name is taken).</summary>
    NamedStudy,

    /// <summary>Creates something new in the caller's own project: every caller with the scope somewhere may.</summary>
    OwnProject,

    /// <summary>A path the server does not serve: any signed-in caller gets 404.</summary>
    Unserved,
}

public enum Need
{
    Write,
    Read,
    Audit,
    Admin,

    /// <summary>Read or write: the lookups MLflow's logging client makes before it writes.</summary>
    Log,
}

/// <summary>One sample request per endpoint, what it needs, and what an allowed caller gets.</summary>
public sealed record EndpointCase(Need Need, Reach Reach, HttpStatusCode Allowed, Func<SecurityWorld, Task<HttpRequestMessage>> Request);

/// <summary>Every endpoint of the API with a request that exercises it. The matrix test fails for an endpoint missing
/// here, so a new endpoint cannot ship without an access rule and a test of it.</summary>
public static class EndpointCases
{
    private static Task<HttpRequestMessage> Get(string url) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, url));

    private static Task<HttpRequestMessage> Send(HttpMethod method, string url, object body) =>
        Task.FromResult(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });

    private static string Run(SecurityWorld w) => $"/api/v1/runs/{w.RunId}";

    private const string S = "/api/v1/studies/" + SecurityWorld.Study;

    public static readonly IReadOnlyDictionary<string, EndpointCase> All = new Dictionary<string, EndpointCase>
    {
        // Runs
        ["POST /api/v1/runs"] = new(Need.Write, Reach.NamedStudy, HttpStatusCode.OK,
            // The world's own registration again (Api.RegisterAsync's body): allowed callers get "already registered, same body".
            _ => Send(HttpMethod.Post, "/api/v1/runs", new { study = SecurityWorld.Study, name = "qwen-7b-seed1", model = new { family = "Qwen2.5", parameters = 7e9 }, training = new { batchSize = 512, rolloutN = 8 } })),
        ["POST /api/v1/runs/{runId:guid}/steps"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/steps", new { steps = new[] { new { step = 1, reward = 0.1, tokens = 1000 } } })),
        ["POST /api/v1/runs/{runId:guid}/evaluations"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/evaluations", new { evaluations = new[] { new { step = 2, dataset = "holdout", passAt1 = 0.3 } } })),
        ["POST /api/v1/runs/{runId:guid}/finish"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/finish", new { status = "completed" })),
        ["GET /api/v1/runs/{runId:guid}"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, w => Get(Run(w))),
        ["GET /api/v1/runs/{runId:guid}/events"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, w => Get($"{Run(w)}/events")),

        // Studies
        ["GET /api/v1/studies"] = new(Need.Read, Reach.Listing, HttpStatusCode.OK, _ => Get("/api/v1/studies")),
        ["GET /api/v1/studies/{study}"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get(S)),
        ["GET /api/v1/studies/{study}/overview"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/overview")),
        ["GET /api/v1/studies/{study}/dataset"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/dataset")),
        ["GET /api/v1/studies/{study}/fit"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/fit?axis=compute")),
        ["GET /api/v1/studies/{study}/fits"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/fits?axis=compute")),
        ["GET /api/v1/studies/{study}/saturation"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/saturation?axis=compute")),
        ["GET /api/v1/studies/{study}/crossover"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/crossover?a=7e9&b=32e9")),
        ["GET /api/v1/studies/{study}/plan"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/plan?compute=1e20")),
        ["GET /api/v1/studies/{study}/forecasts"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/forecasts")),
        ["GET /api/v1/studies/{study}/reuse"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/reuse")),
        ["GET /api/v1/studies/{study}/warnings"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/warnings")),
        ["PUT /api/v1/studies/{study}/mapping"] = new(Need.Admin, Reach.Alpha, HttpStatusCode.OK, _ => Send(HttpMethod.Put, $"{S}/mapping", new { lossDataset = "holdout" })),

        // Audit
        ["GET /api/v1/audit/verify"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK, _ => Get($"/api/v1/audit/verify?study={SecurityWorld.Study}")),
        ["GET /api/v1/audit/streams/{streamId:guid}/events"] = new(Need.Audit, Reach.Server, HttpStatusCode.OK, w => Get($"/api/v1/audit/streams/{w.RunId}/events")),
        ["GET /api/v1/studies/{study}/history"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/history")),
        ["GET /api/v1/studies/{study}/export"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/export")),
        ["POST /api/v1/admin/rebuild-check"] = new(Need.Admin, Reach.Server, HttpStatusCode.OK, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/rebuild-check"))),
        ["GET /api/v1/admin/dead-letters"] = new(Need.Admin, Reach.Server, HttpStatusCode.OK, _ => Get("/api/v1/admin/dead-letters")),
        ["GET /api/v1/admin/projections"] = new(Need.Admin, Reach.Server, HttpStatusCode.OK, _ => Get("/api/v1/admin/projections")),
        // Access passes, then the shard is unknown (a real one would depend on the daemon having started here).
        ["POST /api/v1/admin/projections/{shard}/resume"] = new(Need.Admin, Reach.Server, HttpStatusCode.NotFound,
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/projections/NoSuchShard:All/resume"))),
        // The bundle is this server's own study: access passes, then the importer refuses what is already here.
        ["POST /api/v1/import/bundle"] = new(Need.Admin, Reach.Server, HttpStatusCode.Conflict, async w =>
        {
            var bundle = await w.App.CreateClient().GetByteArrayAsync($"{S}/export");
            return new HttpRequestMessage(HttpMethod.Post, "/api/v1/import/bundle") { Content = new ByteArrayContent(bundle) };
        }),

        // Corrections: auditors (and admins) only. Each is idempotent, so every allowed caller gets 200.
        ["POST /api/v1/runs/{runId:guid}/corrections/invalidate-evaluation"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/corrections/invalidate-evaluation", new { step = 2, dataset = "holdout", reason = "contaminated prompt set" })),
        ["POST /api/v1/runs/{runId:guid}/corrections/exclude"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/corrections/exclude", new { reason = "diverged" })),
        ["POST /api/v1/runs/{runId:guid}/corrections/include"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/corrections/include", new { reason = "false alarm" })),
        ["POST /api/v1/runs/{runId:guid}/corrections/model-size"] = new(Need.Audit, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{Run(w)}/corrections/model-size", new { parameters = 7e9, reason = "checked against the config" })),

        // Archive: a fresh study of alpha each time, so the shared study stays writable.
        ["POST /api/v1/studies/{study}/archive"] = new(Need.Admin, Reach.Alpha, HttpStatusCode.OK, async w =>
        {
            var study = $"to-archive-{Guid.NewGuid():N}";
            using var register = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs") { Content = JsonContent.Create(new { study, name = "r", model = new { parameters = 7e9 } }) };
            register.Headers.Add("X-Tracker-Project", "alpha");
            (await w.App.CreateClient().SendAsync(register)).EnsureSuccessStatusCode();
            return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/studies/{study}/archive") { Content = JsonContent.Create(new { reason = "superseded" }) };
        }),

        // Imports
        ["POST /api/v1/import/paper-csv"] = new(Need.Write, Reach.NamedStudy, HttpStatusCode.OK, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/import/paper-csv?study={SecurityWorld.Study}")
        {
            Content = new StringContent(PaperCsvFiles.LongRun(3), Encoding.UTF8, "text/csv"),
        })),

        ["POST /api/v1/studies/{study}/import/mlflow"] = new(Need.Write, Reach.NamedStudy, HttpStatusCode.OK, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"{S}/import/mlflow")
        {
            Content = new StringContent(ImportFixtures.Text("verl-mlflow-run.json"), Encoding.UTF8, "application/json"),
        })),
        ["POST /api/v1/studies/{study}/import/wandb-csv"] = new(Need.Write, Reach.NamedStudy, HttpStatusCode.OK, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"{S}/import/wandb-csv?run=trl-7b&modelSize=7B&batchSize=64")
        {
            Content = new StringContent(ImportFixtures.Text("trl-wandb-history.csv"), Encoding.UTF8, "text/csv"),
        })),

        // Dashboard downloads
        ["GET /dashboard/export/studies/{study}/dataset.csv"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"/dashboard/export/studies/{SecurityWorld.Study}/dataset.csv")),
        ["GET /dashboard/export/studies/{study}/fit.csv"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"/dashboard/export/studies/{SecurityWorld.Study}/fit.csv")),

        // Projects, tokens, accounts
        ["GET /api/v1/projects"] = new(Need.Read, Reach.Listing, HttpStatusCode.OK, _ => Get("/api/v1/projects")),
        ["POST /api/v1/projects"] = new(Need.Admin, Reach.Server, HttpStatusCode.Created, _ => Send(HttpMethod.Post, "/api/v1/projects", new { name = $"p-{Guid.NewGuid():N}" })),
        ["POST /api/v1/projects/{project}/tokens"] = new(Need.Admin, Reach.Alpha, HttpStatusCode.Created, _ => Send(HttpMethod.Post, "/api/v1/projects/alpha/tokens", new { name = "ci", scope = "write" })),
        ["GET /api/v1/projects/{project}/tokens"] = new(Need.Admin, Reach.Alpha, HttpStatusCode.OK, _ => Get("/api/v1/projects/alpha/tokens")),
        ["DELETE /api/v1/projects/{project}/tokens/{tokenId:guid}"] = new(Need.Admin, Reach.Alpha, HttpStatusCode.NoContent, async w =>
        {
            // A fresh token each time, so every allowed caller has something to revoke.
            var issued = await w.App.CreateClient().PostAsJsonAsync("/api/v1/projects/alpha/tokens", new { name = "to-revoke", scope = "read" });
            var id = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/projects/alpha/tokens/{id}");
        }),
        // Tracking-client conventions of a study
        ["GET /api/v1/studies/{study}/conventions"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{S}/conventions")),
        ["PUT /api/v1/studies/{study}/conventions"] = new(Need.Admin, Reach.Alpha, HttpStatusCode.OK,
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, $"{S}/conventions") { Content = JsonContent.Create(Tracker.Contracts.Mlflow.ConventionMapping.None, options: Tracker.Server.Tests.Infrastructure.Api.Json) })),

        ["PUT /api/v1/accounts/{userName}"] = new(Need.Admin, Reach.Server, HttpStatusCode.OK,
            _ => Send(HttpMethod.Put, "/api/v1/accounts/ada", new { password = "correct horse battery", grants = new[] { new { project = "alpha", scope = "read" } } })),
    };

    private const string M = "/mlflow/api/2.0/mlflow";

    private static Dictionary<string, EndpointCase> Mlflow() => new()
    {
        [$"GET {M}/experiments/get-by-name"] = new(Need.Log, Reach.Alpha, HttpStatusCode.OK, _ => Get($"{M}/experiments/get-by-name?experiment_name={SecurityWorld.Study}")),
        [$"GET {M}/experiments/get"] = new(Need.Log, Reach.Alpha, HttpStatusCode.OK, w => Get($"{M}/experiments/get?experiment_id={w.ExperimentId}")),
        [$"POST {M}/experiments/create"] = new(Need.Write, Reach.OwnProject, HttpStatusCode.OK, _ => Send(HttpMethod.Post, $"{M}/experiments/create", new { name = $"exp-{Guid.NewGuid():N}" })),
        [$"POST {M}/experiments/search"] = new(Need.Read, Reach.Listing, HttpStatusCode.OK, _ => Send(HttpMethod.Post, $"{M}/experiments/search", new { max_results = 10 })),
        [$"GET {M}/experiments/search"] = new(Need.Read, Reach.Listing, HttpStatusCode.OK, _ => Get($"{M}/experiments/search?max_results=10")),
        [$"POST {M}/runs/create"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK, w => Send(HttpMethod.Post, $"{M}/runs/create", SecurityWorld.MlflowRunCreation(w.ExperimentId))),
        [$"POST {M}/runs/update"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK, w => Send(HttpMethod.Post, $"{M}/runs/update", new { run_id = w.MlflowRunId, status = "RUNNING" })),
        [$"GET {M}/runs/get"] = new(Need.Log, Reach.Alpha, HttpStatusCode.OK, w => Get($"{M}/runs/get?run_id={w.MlflowRunId}")),
        [$"POST {M}/runs/log-batch"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{M}/runs/log-batch", new { run_id = w.MlflowRunId, metrics = new[] { new { key = "critic/rewards/mean", value = 0.5, timestamp = 1_700_000_001_000L, step = 1 } } })),
        [$"POST {M}/runs/log-metric"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK,
            w => Send(HttpMethod.Post, $"{M}/runs/log-metric", new { run_id = w.MlflowRunId, key = "actor/pg_loss", value = 0.1, timestamp = 1_700_000_001_000L, step = 1 })),
        [$"POST {M}/runs/log-parameter"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK, w => Send(HttpMethod.Post, $"{M}/runs/log-parameter", new { run_id = w.MlflowRunId, key = "lr", value = "1e-6" })),
        [$"POST {M}/runs/set-tag"] = new(Need.Write, Reach.Alpha, HttpStatusCode.OK, w => Send(HttpMethod.Post, $"{M}/runs/set-tag", new { run_id = w.MlflowRunId, key = "team", value = "rl" })),
        [$"POST {M}/runs/search"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, w => Send(HttpMethod.Post, $"{M}/runs/search", new { experiment_ids = new[] { w.ExperimentId } })),
        [$"GET {M}/metrics/get-history"] = new(Need.Read, Reach.Alpha, HttpStatusCode.OK, w => Get($"{M}/metrics/get-history?run_id={w.MlflowRunId}&metric_key=critic/rewards/mean")),
        [$"ANY {M}/{{**rest}}"] = new(Need.Read, Reach.Unserved, HttpStatusCode.NotFound, _ => Get($"{M}/artifacts/list")),
    };

    /// <summary>The MLflow calls under both prefixes, and everything else.</summary>
    public static IReadOnlyDictionary<string, EndpointCase> Every { get; } = Build();

    private static Dictionary<string, EndpointCase> Build()
    {
        var all = new Dictionary<string, EndpointCase>(All);
        foreach (var (key, c) in Mlflow())
        {
            all[key] = c;
            all[key.Replace(M, "/api/2.0/mlflow", StringComparison.Ordinal)] = c with
            {
                Request = async w =>
                {
                    var request = await c.Request(w);
                    request.RequestUri = new Uri(request.RequestUri!.OriginalString.Replace(M, "/api/2.0/mlflow", StringComparison.Ordinal), UriKind.Relative);
                    return request;
                },
            };
        }

        return all;
    }

    /// <summary>What <paramref name="caller"/> must get for <paramref name="c"/>, from the rules of docs/security.md.</summary>
    public static HttpStatusCode Expected(Caller caller, EndpointCase c)
    {
        if (caller == Caller.Anonymous)
        {
            return HttpStatusCode.Unauthorized;
        }

        if (caller == Caller.ServerAdmin || c.Reach == Reach.Unserved)
        {
            return c.Allowed;
        }

        if (c.Reach == Reach.Server)
        {
            return HttpStatusCode.Forbidden;
        }

        if (c.Need == Need.Log)
        {
            return caller == Caller.BetaAdmin ? HttpStatusCode.NotFound : c.Allowed;
        }

        var held = caller switch
        {
            Caller.AlphaWrite => Need.Write,
            Caller.AlphaRead => Need.Read,
            Caller.AlphaAudit => Need.Audit,
            _ => Need.Admin,
        };
        var covers = held == Need.Admin || held == c.Need || (held == Need.Audit && c.Need == Need.Read);
        if (caller == Caller.BetaAdmin)
        {
            return c.Reach switch
            {
                Reach.Listing or Reach.OwnProject => c.Allowed,
                Reach.NamedStudy => HttpStatusCode.Conflict,
                _ => HttpStatusCode.NotFound,
            };
        }

        return covers ? c.Allowed : HttpStatusCode.Forbidden;
    }
}
