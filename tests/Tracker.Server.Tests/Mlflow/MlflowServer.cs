using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Mlflow;

/// <summary>One Tracker on a fresh database for a test class; tests use their own experiment names.</summary>
public sealed class MlflowServer : IAsyncLifetime
{
    private TrackerApp? _app;

    public TrackerApp App => _app ?? throw new InvalidOperationException("the server is not started");

    public MlflowWire Wire(string trackingPath = "/mlflow") => new(App.CreateClient(), trackingPath);

    public Api Api() => new(App.CreateClient());

    public async Task InitializeAsync() => _app = new TrackerApp(await TestDatabase.CreateAsync());

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
