using System.Text;
using System.Text.Json;

namespace Tracker.Server.Mlflow.Search;

/// <summary>MLflow's page tokens: base64 of <c>{"offset": n}</c>.</summary>
public static class PageToken
{
    public static string? Next(int offset, int taken, int total) =>
        offset + taken < total ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset + taken}}}")) : null;

    public static bool TryRead(string? token, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(token));
            return json.RootElement.TryGetProperty("offset", out var value) && value.TryGetInt32(out offset) && offset >= 0;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}
