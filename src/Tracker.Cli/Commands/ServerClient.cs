using System.Net.Http.Headers;

namespace Tracker.Cli.Commands;

/// <summary>An HTTP client for the server: <c>--url</c> (else $TRACKER_URL), authenticated with <c>--token</c>
/// (else $TRACKER_TOKEN) as <c>Authorization: Bearer</c> when one is given.</summary>
public static class ServerClient
{
    public const string TokenVariable = "TRACKER_TOKEN";

    public static HttpClient Create(CommandLine line, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(line);
        var http = new HttpClient { BaseAddress = line.Url(), Timeout = timeout };
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-Tracker-Client", "tracker-cli");
        if (Token(line) is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public static string? Token(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var token = line.Option("token") ?? Environment.GetEnvironmentVariable(TokenVariable);
        return string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }
}
