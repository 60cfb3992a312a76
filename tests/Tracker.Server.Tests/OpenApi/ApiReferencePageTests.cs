using System.Net;
using System.Text.RegularExpressions;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.OpenApi;

/// <summary>The browsable API reference at /docs/api works without internet: the page, its scripts and its icon come
/// from the server itself, and it loads the server's own document.</summary>
public sealed partial class ApiReferencePageTests : IAsyncLifetime
{
    private TrackerApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TrackerApp(await TestDatabase.CreateAsync());
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_page_is_html_that_loads_only_local_assets_and_the_servers_document()
    {
        var response = await _http.GetAsync(new Uri("/docs/api", UriKind.Relative));

        await Api.EnsureAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = response.RequestMessage!.RequestUri!;
        var html = await response.Content.ReadAsStringAsync();
        var assets = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.True(assets.Contains("scalar.js"), $"{page} does not load scalar.js:\n{html[..Math.Min(html.Length, 600)]}");
        Assert.DoesNotMatch(@"(src|href)\s*=\s*[""'](https?:)?//", html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);

        foreach (var asset in assets)
        {
            var served = await _http.GetAsync(new Uri(page, asset));
            await Api.EnsureAsync(served, HttpStatusCode.OK);
            Assert.True((await served.Content.ReadAsByteArrayAsync()).Length > 100, asset + " is empty");
        }

        var script = await _http.GetAsync(new Uri(page, "scalar.js"));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1_000_000, "the bundled Scalar script is served by the server");
    }

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""'](?<url>[^""']+)[""']")]
    private static partial Regex Reference();
}
