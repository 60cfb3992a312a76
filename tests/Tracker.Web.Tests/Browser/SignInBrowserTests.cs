using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Tracker.Web.Tests.Browser;

/// <summary>The dashboard without the embedded anonymous mode: sign-in, project scoping, and no dashboard for a
/// training job's write token.</summary>
public sealed class SignInBrowserTests : IAsyncLifetime
{
    private const string AdminToken = "trk_web-sign-in-test-admin";
    private DashboardServer _server = default!;
    private string _writeToken = "";

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync(new Dictionary<string, string>
        {
            ["Tracker:Auth:AnonymousLoopback"] = "false",
            ["Tracker:Auth:AdminToken"] = AdminToken,
        });
        using var admin = _server.Http();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        foreach (var project in new[] { "alpha", "beta" })
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new { name = project })).EnsureSuccessStatusCode();
            (await admin.PutAsJsonAsync($"/api/v1/accounts/{project}-reader", new { password = "a long enough password", grants = new[] { new { project, scope = "read" } } })).EnsureSuccessStatusCode();
            using var register = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs") { Content = JsonContent.Create(new { study = $"{project}-study", name = "run-1", model = new { parameters = 7e9 } }) };
            register.Headers.Add("X-Tracker-Project", project);
            (await admin.SendAsync(register)).EnsureSuccessStatusCode();
        }

        var issued = await admin.PostAsJsonAsync("/api/v1/projects/alpha/tokens", new { name = "job", scope = "write" });
        _writeToken = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task A_researcher_signs_in_and_sees_only_their_projects()
    {
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(_server.BaseUrl + "/");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        await page.FillAsync("input[name=userName]", "alpha-reader");
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");

        await page.FillAsync("input[name=userName]", "alpha-reader");
        await page.FillAsync("input[name=password]", "a long enough password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByText("alpha-study")).ToBeVisibleAsync();
        Assert.DoesNotContain("beta-study", await page.ContentAsync(), StringComparison.Ordinal);

        // Another project's study page is a "not found", not the study.
        var other = await page.GotoAsync(_server.BaseUrl + "/studies/beta-study");
        Assert.NotNull(other);
        Assert.DoesNotContain("run-1", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_token_cannot_open_the_dashboard()
    {
        await using var browser = await Chromium.LaunchAsync();
        await browser.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + _writeToken });
        var page = await browser.Context.NewPageAsync();
        var response = await page.GotoAsync(_server.BaseUrl + "/");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.DoesNotContain("alpha-study", await page.ContentAsync(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
