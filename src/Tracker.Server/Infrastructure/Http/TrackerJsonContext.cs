using System.Text.Json.Serialization;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;

namespace Tracker.Server.Infrastructure.Http;

/// <summary>Source-generated JSON metadata for the hot types: request bodies and events. Reading a 1,000-step batch
/// is several times faster than with reflection; everything else falls back to reflection.</summary>
[JsonSerializable(typeof(RegisterRunRequest))]
[JsonSerializable(typeof(LogStepsRequest))]
[JsonSerializable(typeof(RecordEvaluationsRequest))]
[JsonSerializable(typeof(FinishRunRequest))]
[JsonSerializable(typeof(RunRegistered))]
[JsonSerializable(typeof(StepsLogged))]
[JsonSerializable(typeof(EvaluationsRecorded))]
[JsonSerializable(typeof(RunFinished))]
[JsonSerializable(typeof(StudyCreated))]
internal sealed partial class TrackerJsonContext : JsonSerializerContext;
