using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>Tracker.Server as a real OS process, so a test can kill it with SIGKILL mid-request.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(TestDatabase database, int? port = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var chosen = port ?? FreePort();
        var process = Process.Start(StartInfo(database, $"http://127.0.0.1:{chosen}", environment))!;
        // TRACKER_SERVER_LOG=DIR keeps each node's log (warnings and errors) in DIR/node-PORT.log, e.g. for ops/chaos.
        var log = Environment.GetEnvironmentVariable("TRACKER_SERVER_LOG") is { Length: > 0 } dir ? Path.Combine(dir, $"node-{chosen}.log") : null;
        var gate = new object();
        void Keep(string? line)
        {
            if (log is not null && line is not null)
            {
                lock (gate)
                {
                    File.AppendAllText(log, line + Environment.NewLine);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{chosen}"));
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>How the server process is started: its build output, the database, the embedded mode of ./ops/up
    /// (this machine may call without a token), then <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(TestDatabase database, string urls, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tracker.Server.dll");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls {urls}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ConnectionStrings__Marten"] = database.ConnectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Tracker__Auth__AnonymousLoopback"] = "true";
        info.Environment["Tracker__Limits__WritesPerSecond"] = "1000000";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever was acknowledged must already be durable.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public int Port => Address.Port;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Tracker.Server exited with code {_process.ExitCode} before it was ready");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Tracker.Server was not ready within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
