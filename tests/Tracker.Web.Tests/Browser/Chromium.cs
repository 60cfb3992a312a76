using Microsoft.Playwright;

namespace Tracker.Web.Tests.Browser;

/// <summary>The system's Chromium driven by Playwright: never a downloaded browser, a fresh profile per launch, no
/// background traffic (so every request the page makes is the app's).</summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--no-pings",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("TRACKER_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Chromium> LaunchAsync(int width = 1400, int height = 1000)
    {
        var playwright = await Playwright.CreateAsync();
        // Playwright refuses --user-data-dir in Args: a persistent context on a fresh directory is the fresh profile.
        var profile = Directory.CreateTempSubdirectory("tracker-web-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Timeout = 60_000,
        });
        return new Chromium(playwright, context, profile);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; a leftover temp directory is harmless.
        }
    }
}
