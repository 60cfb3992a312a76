using System.Diagnostics;
using Tracker.Server.Security;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

public sealed class LoopbackGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://10.1.2.3:80", false)]
    public void Knows_a_loopback_address(string address, bool loopback) => Assert.Equal(loopback, LoopbackGuard.IsLoopback(address));

    [Fact]
    public async Task Anonymous_mode_on_a_public_address_stops_the_server()
    {
        var database = await TestDatabase.CreateAsync();
        // The embedded (anonymous loopback) mode, bound to every address.
        var info = ServerProcess.StartInfo(database, "http://0.0.0.0:0");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("AnonymousLoopback is on but the server listens on", await output, StringComparison.Ordinal);
    }
}
