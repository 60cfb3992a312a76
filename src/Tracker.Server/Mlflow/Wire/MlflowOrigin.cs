using Tracker.Contracts.Messaging;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Mlflow.Wire;

public static class MlflowOrigin
{
    /// <summary>The request's origin; the MLflow client names itself in User-Agent (mlflow-python-client/3.x).</summary>
    public static CommandOrigin Of(HttpContext http) => RequestOrigin.Of(http);

    public static string? Query(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) ? values.FirstOrDefault()
        : http.Request.Query.TryGetValue(ToCamel(name), out var camel) ? camel.FirstOrDefault()
        : null;

    public static IReadOnlyList<string> QueryAll(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToList() : [];

    private static string ToCamel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
