using System.Net;
using System.Text;
using CsCheck;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

/// <summary>Thousands of generated malformed or hostile requests: every answer is a 4xx, never a 5xx, and nothing is stored.</summary>
public sealed class HostileRequestTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private static readonly string[] BodyTargets =
    [
        "POST /api/v1/runs",
        "POST /api/v1/runs/{run}/steps",
        "POST /api/v1/runs/{run}/evaluations",
        "POST /api/v1/runs/{run}/finish",
        "PUT /api/v1/studies/alpha-study/mapping",
        "POST /api/v1/projects",
        "POST /api/v1/projects/alpha/tokens",
        "PUT /api/v1/accounts/mallory",
    ];

    private static readonly Gen<string> HostileName = Gen.OneOf(
        Gen.Const("../../etc/passwd"), Gen.Const("..\\..\\windows"), Gen.Const("a/../b"), Gen.Const("/"), Gen.Const(".."),
        Gen.Char['\0', '\u001f'].Array[1, 5].Select(c => "x" + new string(c)),
        Gen.Int[251, 200_000].Select(n => new string('n', n)));

    /// <summary>Bodies that are wrong for every target: broken bytes, hostile nesting, wrong types, hostile names.</summary>
    private static readonly Gen<byte[]> HostileBody = Gen.OneOf(
        Gen.Byte.Array[1, 400].Select(b => b.Prepend((byte)0xff).ToArray()), // never valid UTF-8 JSON
        Gen.Int[33, 3000].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))),
        Gen.Int[33, 3000].Select(depth => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        Gen.OneOf(Gen.Const("\"study\""), Gen.Const("42"), Gen.Const("null"), Gen.Const("true"), Gen.Const("[]")).Select(Encoding.UTF8.GetBytes),
        Gen.OneOf(Gen.Const("{\"steps\":\"NaN\"}"), Gen.Const("{\"steps\":[{\"step\":\"1\"}]}"), Gen.Const("{\"steps\":[{\"step\":1.5e400}]}"),
            Gen.Const("{\"evaluations\":[{\"step\":-1,\"dataset\":\"\",\"passAt1\":2}]}"), Gen.Const("{\"name\":7,\"scope\":[]}"),
            Gen.Const("{\"password\":1,\"grants\":{}}"), Gen.Const("{\"status\":{\"$ne\":null}}"), Gen.Const("{\"lossDataset\":\"\"}")).Select(Encoding.UTF8.GetBytes),
        // Well-formed JSON whose names are hostile wherever a target reads a name.
        HostileName.Select(n => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { study = n, name = n, model = new { parameters = 7e9 }, scope = "read" }))));

    [Fact]
    public async Task Hostile_bodies_get_4xx_and_change_nothing()
    {
        var client = world.Client(Caller.ServerAdmin);
        var before = await StoreStateAsync();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Gen.Select(Gen.Int[0, BodyTargets.Length - 1], HostileBody).SampleAsync(async (target, body) =>
        {
            var (method, path) = Split(BodyTargets[target]);
            using var request = new HttpRequestMessage(method, path.Replace("{run}", world.RunId.ToString(), StringComparison.Ordinal)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode is < 400 or >= 500)
            {
                failures.Add($"{BodyTargets[target]} with {Preview(body)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }, iter: 2000, threads: 1);

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.Equal(before, await StoreStateAsync());
    }

    [Fact]
    public async Task Hostile_route_values_get_4xx()
    {
        var client = world.Client(Caller.ServerAdmin);
        var segment = Gen.OneOf(
            // (Invalid UTF-8 and NUL in a path are refused by the test host's own client before the server; bodies cover them.)
            Gen.Const("..%2F..%2Fetc%2Fpasswd"), Gen.Const("%2e%2e"), Gen.Const("%2F"), Gen.Const("%5C..%5C"),
            Gen.Int[300, 5000].Select(n => new string('s', n)), Gen.String[1, 40].Select(Uri.EscapeDataString));
        var template = Gen.OneOf(
            Gen.Const("/api/v1/studies/{0}"), Gen.Const("/api/v1/studies/{0}/fit?axis=compute"), Gen.Const("/api/v1/studies/{0}/export"),
            Gen.Const("/api/v1/studies/{0}/history"), Gen.Const("/api/v1/runs/{0}"), Gen.Const("/api/v1/projects/{0}/tokens"));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Gen.Select(template, segment).SampleAsync(async (t, s) =>
        {
            using var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, t, s));
            if ((int)response.StatusCode is < 400 or >= 500)
            {
                failures.Add($"{t} with {s[..Math.Min(40, s.Length)]}: {(int)response.StatusCode}");
            }
        }, iter: 1000, threads: 1);
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
    }

    private async Task<string> StoreStateAsync() =>
        // Fits and warnings are the live fitter's, which runs on its own: everything else must stay as it was.
        $"{await world.App.Database.ScalarAsync<long>("select count(*) from tracker.mt_events where type not in ('fit_computed', 'warning_raised', 'warning_cleared')")} events, " +
        $"{await world.App.Database.ScalarAsync<long>("select count(*) from tracker.mt_doc_apitoken")} tokens, " +
        $"{await world.App.Database.ScalarAsync<long>("select count(*) from tracker.mt_doc_projectrecord")} projects";

    private static (HttpMethod, string) Split(string target) => (new HttpMethod(target.Split(' ')[0]), target.Split(' ')[1]);

    private static string Preview(byte[] body) => Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 80));
}
