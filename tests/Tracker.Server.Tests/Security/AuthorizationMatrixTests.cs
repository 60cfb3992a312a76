using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tracker.Server.Tests.Security;

/// <summary>Every endpoint × every kind of caller gives exactly the expected status. The endpoint list comes from the
/// running app, so an endpoint without a case in <see cref="EndpointCases"/> fails here.</summary>
public sealed class AuthorizationMatrixTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private static readonly string[] GuardedPrefixes = ["/api", "/mlflow", "/dashboard/export"];

    [Fact]
    public void Every_api_endpoint_has_a_case()
    {
        var missing = ApiEndpoints().Where(key => !EndpointCases.Every.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "endpoints without an access case: " + string.Join(", ", missing));
        var stale = EndpointCases.Every.Keys.Except(ApiEndpoints()).ToList();
        Assert.True(stale.Count == 0, "cases for endpoints that do not exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_endpoint_answers_each_caller_as_the_rules_say()
    {
        var wrong = new List<string>();
        foreach (var (key, c) in EndpointCases.Every)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                using var request = await c.Request(world);
                using var response = await world.Client(caller).SendAsync(request);
                var expected = EndpointCases.Expected(caller, c);
                if (response.StatusCode != expected)
                {
                    wrong.Add($"{key} as {caller}: {(int)response.StatusCode}, expected {(int)expected} ({await response.Content.ReadAsStringAsync()})");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Dashboard_pages_and_the_hub_need_a_reader()
    {
        var pages = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText!)
            .ToList();
        Assert.NotEmpty(pages);
        var urls = pages.Select(p => p.Replace("{Study}", SecurityWorld.Study, StringComparison.OrdinalIgnoreCase)
                .Replace("{RunId:guid}", world.RunId.ToString(), StringComparison.OrdinalIgnoreCase)
                .Replace("{RunId}", world.RunId.ToString(), StringComparison.OrdinalIgnoreCase))
            .Where(u => !u.Contains('{', StringComparison.Ordinal))
            .ToList();
        Assert.Contains("/", urls);
        foreach (var url in urls.Append("/_blazor/negotiate?negotiateVersion=1"))
        {
            var post = url.StartsWith("/_blazor", StringComparison.Ordinal);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, url);
                using var response = await world.Client(caller).SendAsync(request);
                var expected = caller switch
                {
                    // A page sends the browser to sign in; the hub (called by script) just refuses.
                    Caller.Anonymous => post ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect,
                    Caller.AlphaWrite => HttpStatusCode.Forbidden,
                    _ => HttpStatusCode.OK,
                };
                Assert.True(expected == response.StatusCode, $"{url} as {caller}: {(int)response.StatusCode}, expected {(int)expected}");
                if (caller == Caller.Anonymous && !post)
                {
                    Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Health_sign_in_and_the_api_description_are_public()
    {
        var anonymous = world.Client(Caller.Anonymous);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private IEnumerable<string> ApiEndpoints() =>
        world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => GuardedPrefixes.Any(p => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Distinct();
}
