using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tracker.Server.Tests.Faults;

/// <summary>Runs the repo's ops scripts (ops/postgres, ops/rabbitmq) so that a test can stop and start a service of
/// its own without disturbing the shared ones every other test uses.</summary>
internal static class OpsScripts
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ops", "postgres", "start")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ops/postgres/start not found above " + AppContext.BaseDirectory);
    });

    public static async Task RunAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(Root.Value, script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    public static string TempDir(string prefix)
    {
        // Short: PostgreSQL's socket path is limited to 107 bytes.
        var dir = Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A port with <paramref name="count"/> free ports from it on 127.0.0.1.</summary>
    public static int FreePorts(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 40_000);
            if (Enumerable.Range(port, count).All(IsFree))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free ports");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>A PostgreSQL cluster of the test's own (ops/postgres/start DIR PORT --fast), deleted at the end.</summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private PrivatePostgres(string dir, int port) => (Dir, Port) = (dir, port);

    public string Dir { get; }

    public int Port { get; }

    /// <summary>Short connect and command timeouts: while the cluster is down, requests fail fast and get a 503.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=20";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var pg = new PrivatePostgres(OpsScripts.TempDir("trk-pg"), OpsScripts.FreePorts(1));
        await pg.StartAgainAsync();
        return pg;
    }

    public Task StartAgainAsync() => OpsScripts.RunAsync("ops/postgres/start", Dir, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fast");

    public Task StopAsync() => OpsScripts.RunAsync("ops/postgres/stop", Dir);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
            Directory.Delete(Dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
        }
    }
}

/// <summary>A RabbitMQ node of the test's own (ops/rabbitmq/start DIR PORT --vhosts 1: vhost t1), deleted at the end.</summary>
internal sealed class PrivateRabbit : IAsyncDisposable
{
    private PrivateRabbit(string dir, int port) => (Dir, Port) = (dir, port);

    public string Dir { get; }

    public int Port { get; }

    public const string VirtualHost = "t1";

    public static async Task<PrivateRabbit> StartAsync()
    {
        // The node uses PORT (AMQP), PORT+1 (distribution) and PORT+2 (its epmd).
        var rabbit = new PrivateRabbit(OpsScripts.TempDir("trk-rmq"), OpsScripts.FreePorts(3));
        await rabbit.StartAgainAsync();
        return rabbit;
    }

    public Task StartAgainAsync() => OpsScripts.RunAsync("ops/rabbitmq/start", Dir, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--vhosts", "1");

    public Task StopAsync() => OpsScripts.RunAsync("ops/rabbitmq/stop", Dir);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The node's data is thrown away: SIGKILL spares the graceful shutdown (tens of seconds on a loaded
            // machine); ops/rabbitmq/stop then finds no node and stops its private epmd.
            if (int.TryParse(File.ReadAllText(Path.Combine(Dir, "rabbit.pid")).Trim(), out var pid))
            {
                try
                {
                    using var beam = System.Diagnostics.Process.GetProcessById(pid);
                    if (beam.ProcessName.StartsWith("beam", StringComparison.Ordinal))
                    {
                        beam.Kill();
                        await beam.WaitForExitAsync();
                    }
                }
                catch (ArgumentException)
                {
                }
            }

            await StopAsync();
            Directory.Delete(Dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
        }
    }
}
