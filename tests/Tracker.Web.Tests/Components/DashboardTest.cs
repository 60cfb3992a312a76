using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Web.Data;
using Tracker.Web.Tests.Fakes;

namespace Tracker.Web.Tests.Components;

/// <summary>bunit context for the dashboard: a fake data source, the interactive server renderer (pages load data
/// only when interactive), and loose JS interop for Plotly.</summary>
public abstract class DashboardTest : BunitContext
{
    protected DashboardTest()
    {
        // Services first: SetRendererInfo and Render build the provider.
        Services.AddSingleton<IDashboardData>(Data);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected FakeDashboardData Data { get; } = new();

    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
}
