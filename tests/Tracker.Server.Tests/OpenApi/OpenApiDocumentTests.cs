using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.OpenApi;

/// <summary>The OpenAPI document at /openapi/v1.json: served, valid, complete (every /api/v1 endpoint the app maps,
/// read from its own endpoint data source, so a new endpoint left out of the document fails here) and accurate
/// for the bodies clients build (run registration, step batches, problem details).</summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    private TrackerApp _app = null!;
    private HttpClient _http = null!;
    private OpenApiDocument _document = null!;

    public async Task InitializeAsync()
    {
        _app = new TrackerApp(await TestDatabase.CreateAsync());
        _http = _app.CreateClient();
        var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        await Api.EnsureAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        _document = new OpenApiDocument(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void The_document_is_openapi_3_1_with_title_version_and_the_bearer_scheme()
    {
        Assert.StartsWith("3.1", _document.Root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Tracker API", _document.Root.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("v1", _document.Root.GetProperty("info").GetProperty("version").GetString());
        var bearer = _document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        var register = _document.Operation("POST", "/api/v1/runs");
        Assert.Equal("Bearer", Assert.Single(Assert.Single(register.GetProperty("security").EnumerateArray()).EnumerateObject()).Name);
        Assert.Contains("write scope", register.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_api_v1_endpoint_the_app_maps_is_in_the_document_and_nothing_else_is()
    {
        var mapped = ApiEndpoints().SelectMany(Keys).ToHashSet();
        var documented = _document.Operations.Select(o => (o.Method, o.Path)).ToHashSet();

        Assert.True(mapped.Count >= 30, $"only {mapped.Count} /api/v1 endpoints found: the data source is not the app's");
        var missing = mapped.Except(documented).Select(e => $"{e.Method} {e.Path}").Order().ToList();
        var extra = documented.Except(mapped).Select(e => $"{e.Method} {e.Path}").Order().ToList();
        Assert.True(missing.Count == 0, "mapped but not in the document: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "in the document but not mapped: " + string.Join(", ", extra));
    }

    /// <summary>The modules whose endpoints this suite holds to full documentation; the presence test covers all.</summary>
    private static readonly string[] DocumentedModules = ["Tracker.Server.Runs", "Tracker.Server.Studies", "Tracker.Server.Audit", "Tracker.Server.Import"];

    [Fact]
    public void Every_operation_of_the_core_modules_has_an_id_a_summary_and_a_typed_success_answer()
    {
        var core = ApiEndpoints()
            .Where(e => e.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.DeclaringType?.Namespace is { } ns && DocumentedModules.Any(m => ns.StartsWith(m, StringComparison.Ordinal)))
            .SelectMany(Keys)
            .ToHashSet();
        var operations = _document.Operations.Where(o => core.Contains((o.Method, o.Path))).ToList();
        Assert.True(operations.Count >= 30, $"only {operations.Count} operations of the core modules");
        foreach (var (path, method, operation) in operations)
        {
            var at = $"{method} {path}";
            Assert.True(operation.TryGetProperty("operationId", out _), at + " has no operationId (WithName)");
            Assert.True(operation.TryGetProperty("summary", out _), at + " has no summary (WithSummary)");
            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, at + " declares no 2xx answer");
            Assert.All(success, r => Assert.True(r.Value.TryGetProperty("content", out _), $"{at} {r.Name} has no content type (Produces<T>)"));
        }
    }

    [Fact]
    public void The_run_registration_schema_has_its_fields()
    {
        var body = _document.RequestSchema("POST", "/api/v1/runs");

        Assert.Superset(new HashSet<string> { "study", "name", "runId", "model", "training", "config", "tags" }, _document.PropertyNames(body).ToHashSet());
        Assert.Equal("uuid", _document.Property(body, "runId").GetProperty("format").GetString());
        Assert.Superset(new HashSet<string> { "family", "parameters", "variant" }, _document.PropertyNames(_document.Property(body, "model")).ToHashSet());
        Assert.Superset(new HashSet<string> { "batchSize", "rolloutN", "uniqueSamples" }, _document.PropertyNames(_document.Property(body, "training")).ToHashSet());
        var created = _document.ResponseSchema("POST", "/api/v1/runs", 201);
        Assert.Superset(new HashSet<string> { "runId", "study", "name", "status", "lastStep", "samplesConsumed", "compute", "tau" }, _document.PropertyNames(created).ToHashSet());
    }

    [Fact]
    public void The_steps_batch_schema_has_its_fields_and_only_step_is_required()
    {
        var body = _document.RequestSchema("POST", "/api/v1/runs/{runId}/steps");
        var steps = _document.Property(body, "steps");
        var step = _document.Resolve(steps.GetProperty("items"));

        Assert.Contains("array", OpenApiDocument.Types(steps));
        Assert.Superset(new HashSet<string> { "step", "time", "reward", "loss", "tokens", "flops", "samples", "metrics" }, _document.PropertyNames(step).ToHashSet());
        Assert.Equal(["step"], step.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("integer", OpenApiDocument.Types(_document.Property(step, "step")));
        Assert.Equal("date-time", _document.Property(step, "time").GetProperty("format").GetString());
        Assert.Contains("number", OpenApiDocument.Types(_document.Resolve(_document.Property(step, "metrics").GetProperty("additionalProperties"))));
        var answer = _document.ResponseSchema("POST", "/api/v1/runs/{runId}/steps", 200);
        Assert.Superset(new HashSet<string> { "runId", "accepted", "duplicates" }, _document.PropertyNames(answer).ToHashSet());
    }

    [Fact]
    public void Invalid_input_is_documented_as_problem_details_listing_each_field()
    {
        var problem = _document.ResponseSchema("POST", "/api/v1/runs/{runId}/steps", 400, "application/problem+json");

        Assert.Superset(new HashSet<string> { "type", "title", "status", "detail", "errors" }, _document.PropertyNames(problem).ToHashSet());
        var error = _document.Resolve(_document.Property(problem, "errors").GetProperty("items"));
        Assert.Equal(["field", "message"], _document.PropertyNames(error));
        Assert.True(_document.Operation("POST", "/api/v1/runs/{runId}/steps").GetProperty("responses").TryGetProperty("409", out _));
    }

    [Fact]
    public void Time_travel_query_parameters_are_on_the_live_operations()
    {
        var run = _document.Operation("GET", "/api/v1/runs/{runId}").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        var dataset = _document.Operation("GET", "/api/v1/studies/{study}/dataset").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());

        Assert.Superset(new HashSet<string?> { "runId", "asOf", "version" }, run.ToHashSet());
        Assert.Superset(new HashSet<string?> { "study", "asOf", "sequence" }, dataset.ToHashSet());
    }

    [Fact]
    public void The_import_endpoints_document_their_bodies_and_answers()
    {
        var mlflow = _document.Operation("POST", "/api/v1/studies/{study}/import/mlflow");
        var wandb = _document.Operation("POST", "/api/v1/studies/{study}/import/wandb-csv");

        Assert.Equal("ImportMlflowRuns", mlflow.GetProperty("operationId").GetString());
        Assert.Equal("ImportWandbHistoryCsv", wandb.GetProperty("operationId").GetString());
        Assert.True(wandb.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(wandb.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        var result = _document.ResponseSchema("POST", "/api/v1/studies/{study}/import/mlflow", 200);
        Assert.Superset(new HashSet<string> { "study", "format", "runs", "steps", "evaluations", "duplicates", "lossDataset", "imported", "notes" }, _document.PropertyNames(result).ToHashSet());
    }

    /// <summary>Every endpoint the app maps under /api/v1, from its own endpoint data source.</summary>
    private List<RouteEndpoint> ApiEndpoints() =>
        [.. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/v1/", StringComparison.Ordinal))];

    private static IEnumerable<(string Method, string Path)> Keys(RouteEndpoint endpoint) =>
        (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, OpenApiPath(endpoint.RoutePattern.RawText!)));

    /// <summary>A route template as OpenAPI writes it: <c>{runId:guid}</c> → <c>{runId}</c>, no trailing slash (a group's
    /// own route, <c>MapGet("")</c>, ends in one).</summary>
    private static string OpenApiPath(string template) =>
        "/" + RouteParameter().Replace(template.Trim('/'), m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\**(?<name>[^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
