using Tracker.Server.Audit;
using Tracker.Server.Dashboard;
using Tracker.Server.Import;
using Tracker.Server.Infrastructure.Health;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Infrastructure.Marten;
using Tracker.Server.Infrastructure.Messaging;
using Tracker.Server.Infrastructure.Observability;
using Tracker.Server.Infrastructure.Messaging.DeadLetters;
using Tracker.Server.Mlflow;
using Tracker.Server.OpenApi;
using Tracker.Server.Runs;
using Tracker.Server.Security;
using Tracker.Server.Studies;

var builder = WebApplication.CreateBuilder(args);
builder.AddTrackerHttp();
builder.AddTrackerMarten();
builder.AddTrackerMessaging();
builder.AddTrackerHealth();
builder.AddSecurityModule();
builder.AddRunsModule();
builder.AddStudiesModule();
builder.AddAuditModule();
builder.AddImportModule();
builder.AddMlflowModule();
builder.AddDashboard();
builder.AddTrackerOpenApi();
builder.AddTrackerObservability();

var app = builder.Build();
app.MapTrackerObservability();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseTrackerSecurity();
app.MapTrackerHealth();
app.MapSecurityEndpoints();
app.MapRunsEndpoints();
app.MapStudiesEndpoints();
app.MapAuditEndpoints();
app.MapDeadLetterEndpoints();
app.MapImportEndpoints();
app.MapMlflowEndpoints();
app.MapDashboard();
app.MapTrackerOpenApi();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
