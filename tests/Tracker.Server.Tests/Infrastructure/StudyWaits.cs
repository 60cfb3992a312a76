using System.Net.Http.Json;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Notifications;
using Tracker.Contracts.Studies;
using Tracker.Server.Studies.Live;

namespace Tracker.Server.Tests.Infrastructure;

/// <summary>Waits on the server's own signals (projection progress, fit notifications), never on fixed sleeps.</summary>
public static class StudyWaits
{
    public static async Task ProjectionsAsync(TrackerApp app) =>
        await app.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    /// <summary>Completes when a FitComputed for the study is recorded with at least the given high-water mark.</summary>
    public static async Task<FitView> FitAsync(TrackerApp app, string study, string axis = "compute", long atLeast = 1)
    {
        var updates = app.Services.GetRequiredService<LiveUpdates>();
        var api = new Api(app.CreateClient());
        var signal = new SemaphoreSlim(0);
        void OnChange(StudyChanged change)
        {
            if (change.Study == study && change.Kind == StudyChanged.FitComputed)
            {
                signal.Release();
            }
        }

        updates.Changed += OnChange;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var fits = await api.Http.GetFromJsonAsync<List<FitView>>(new Uri($"/api/v1/studies/{study}/fits?axis={axis}", UriKind.Relative), Api.Json);
                if (fits!.LastOrDefault(f => f.HighWaterMark >= atLeast) is { } fit)
                {
                    return fit;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await signal.WaitAsync(left))
                {
                    throw new TimeoutException($"no fit of '{study}' with high-water mark ≥ {atLeast} within 60 s");
                }
            }
        }
        finally
        {
            updates.Changed -= OnChange;
        }
    }
}
