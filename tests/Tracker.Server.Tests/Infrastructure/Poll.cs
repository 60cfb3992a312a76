using System.Diagnostics;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>Polls a condition the server offers no signal for (a shard's state, a dead-lettered message), failing with
/// what was awaited once the time is up.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"timed out waiting for {what()}");
            }

            await Task.Delay(200);
        }
    }
}
