using System.Text.Json;
using System.Text.Json.Serialization;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;

namespace Tracker.Cli.Audit;

/// <summary>Generated readers for the events a replay folds most (about twice as fast as reflection on a step-per-event
/// bundle); other event types fall back to reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunRegistered))]
[JsonSerializable(typeof(StepsLogged))]
[JsonSerializable(typeof(EvaluationsRecorded))]
[JsonSerializable(typeof(RunFinished))]
[JsonSerializable(typeof(ScalingVariablesMapped))]
[JsonSerializable(typeof(FitComputed))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
