using Tracker.Server.Security;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;
using Tracker.Web.Data;

namespace Tracker.Server.Dashboard;

/// <summary>Hosts the Blazor dashboard (web/Tracker.Web) in this server: interactive server components over the
/// same queries as the API, plus CSV downloads.</summary>
public static class DashboardModule
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        // `dotnet run -c Release` serves the build output, which has no wwwroot/_content or _framework: read them
        // through the static web assets manifest like Development does. A published app has the files and no
        // manifest, so this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddSingleton<DashboardData>();
        builder.Services.AddScoped<IDashboardData, ProjectScopedDashboardData>();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowPublic();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(typeof(Tracker.Web.Routes).Assembly)
            .RequireAuthorization(SecurityModule.DashboardPolicy);
        var export = app.MapGroup("/dashboard/export/studies/{study}").WithTags("Dashboard");
        export.MapGet("dataset.csv", DashboardExport.DatasetCsvAsync).RequireAccess(Scope.Read, Resource.Study);
        export.MapGet("fit.csv", DashboardExport.FitCsvAsync).RequireAccess(Scope.Read, Resource.Study);
        return app;
    }
}
