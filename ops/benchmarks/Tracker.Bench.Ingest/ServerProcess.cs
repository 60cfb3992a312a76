using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tracker.Bench.Ingest;

/// <summary>Tracker.Server (Release build, copied beside this program) as its own process on a loopback port, in the
/// embedded mode (anonymous loopback, as ./ops/up runs it) with the per-caller write rate limit lifted: the benchmarks
/// measure ingestion and queries, not the token bucket.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The server's own process (for /proc/PID/status).</summary>
    public int ProcessId => _process.Id;

    /// <param name="environment">Extra settings for this node (e.g. the bus transport, Tracker__Daemon).</param>
    public static async Task<ServerProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "Tracker.Server.dll")}\" --urls http://127.0.0.1:{port}")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Tracker__Auth__AnonymousLoopback"] = "true";
        info.Environment["Tracker__Limits__WritesPerSecond"] = "1000000";
        // No ASPNETCORE_ENVIRONMENT means Production, which only checks the schema: the bench's database is fresh.
        info.Environment["Tracker__Schema__ApplyOnStartup"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("server: " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("server: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(true);
        throw new TimeoutException("Tracker.Server did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
