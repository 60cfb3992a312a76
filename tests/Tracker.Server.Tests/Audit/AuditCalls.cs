using System.Net.Http.Json;
using Tracker.Contracts.Audit;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Audit;

/// <summary>The audit endpoints as a test calls them.</summary>
public static class AuditCalls
{
    public static async Task<VerifyReport> VerifyAsync(Api api, string query = "")
    {
        var response = await api.Http.GetAsync(new Uri("/api/v1/audit/verify" + query, UriKind.Relative));
        await Api.EnsureAsync(response, System.Net.HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<VerifyReport>(Api.Json))!;
    }

    public static Task<T> GetAsync<T>(Api api, string path) => GetAsync<T>(api.Http, path);

    public static async Task<T> GetAsync<T>(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        await Api.EnsureAsync(response, System.Net.HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Api.Json))!;
    }

    public static async Task<string> GetTextAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        await Api.EnsureAsync(response, System.Net.HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    public static string Time(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O"));
}
