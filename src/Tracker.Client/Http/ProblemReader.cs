using System.Net;
using System.Text.Json;

namespace Tracker.Client.Http;

/// <summary>Turns an error answer into a <see cref="TrackerApiException"/>, reading RFC 9457 problem details when
/// the body has them and falling back to the status and raw text when it does not (a proxy's HTML page, say).</summary>
internal static class ProblemReader
{
    private const int MaxRawDetail = 500;

    public static async Task<TrackerApiException> ReadAsync(HttpResponseMessage response, bool isTransient, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = response.StatusCode;
        if (TryParse(text, out var problem))
        {
            return new TrackerApiException(status, problem.Title, problem.Detail, problem.Errors, isTransient);
        }

        var raw = text.Length > MaxRawDetail ? text[..MaxRawDetail] + "…" : text;
        return new TrackerApiException(status, response.ReasonPhrase, string.IsNullOrWhiteSpace(raw) ? null : raw.Trim(), null, isTransient);
    }

    private static bool TryParse(string text, out Problem problem)
    {
        problem = default;
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart()[0] != '{')
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            problem = new Problem(String(root, "title"), String(root, "detail"), Errors(root));
            return problem.Title is not null || problem.Detail is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<ProblemFieldError> Errors(JsonElement root)
    {
        var errors = new List<ProblemFieldError>();
        if (!root.TryGetProperty("errors", out var list))
        {
            return errors;
        }

        if (list.ValueKind == JsonValueKind.Array)
        {
            // Tracker's own shape: [{ "field": "steps[3].reward", "message": "…" }].
            foreach (var item in list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                errors.Add(new ProblemFieldError(String(item, "field") ?? "", String(item, "message") ?? ""));
            }
        }
        else if (list.ValueKind == JsonValueKind.Object)
        {
            // ASP.NET Core's validation shape: { "field": ["message", …] }.
            foreach (var field in list.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(m => m.ToString())
                    : [field.Value.ToString()];
                errors.AddRange(messages.Select(m => new ProblemFieldError(field.Name, m)));
            }
        }

        return errors;
    }

    private readonly record struct Problem(string? Title, string? Detail, IReadOnlyList<ProblemFieldError> Errors);
}
