using Marten;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;

namespace Tracker.Server.Audit.Storage;

/// <summary>The store's name for each event type (what the event table's type column holds and hashes cover) and back.
/// Callers may name types either way: <c>StepsLogged</c> or <c>steps_logged</c>.</summary>
public sealed class EventTypeNames
{
    public static readonly Type[] Known =
    [
        typeof(RunRegistered), typeof(StepsLogged), typeof(EvaluationsRecorded), typeof(RunFinished),
        typeof(StudyCreated), typeof(ScalingVariablesMapped), typeof(FitComputed), typeof(WarningRaised), typeof(WarningCleared),
        typeof(EvaluationInvalidated), typeof(RunExcludedFromFits), typeof(RunReincluded), typeof(ModelSizeCorrected), typeof(StudyArchived),
        typeof(RunParamsLogged), typeof(RunTagged), typeof(MetricsLogged), typeof(RunSpecDerived), typeof(Tracker.Domain.Conventions.ConventionsMapped),
    ];

    private readonly Dictionary<string, Type> _byAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    public EventTypeNames(IDocumentStore store)
    {
        var events = ((DocumentStore)store).Events;
        foreach (var type in Known)
        {
            var alias = events.EventMappingFor(type).EventTypeName;
            _byAlias[alias] = type;
            _byType[type] = alias;
        }
    }

    public string RunRegistered => _byType[typeof(RunRegistered)];

    public string AliasOf(Type type) => _byType[type];

    public Type? TypeOf(string alias) => _byAlias.GetValueOrDefault(alias);

    /// <summary>The stored name for a CLR name or an alias (case-insensitive); unknown names are kept as given.</summary>
    public string Resolve(string name) =>
        _byType.FirstOrDefault(p => string.Equals(p.Key.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Value, name, StringComparison.OrdinalIgnoreCase)).Value
        ?? name;
}
