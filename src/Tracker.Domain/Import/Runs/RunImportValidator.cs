using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Runs;

/// <summary>The API's own validation of imported runs' commands, each problem named by its run.</summary>
public static class RunImportValidator
{
    public static List<ValidationError> Validate(IEnumerable<IRunImport> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var errors = new List<ValidationError>();
        foreach (var run in runs)
        {
            var at = run.Register.Name;
            errors.AddRange(RunInputValidator.Validate(run.Register).Select(e => e with { Field = $"{at}: {e.Field}" }));
            foreach (var batch in run.Steps)
            {
                errors.AddRange(RunInputValidator.Validate(batch.Steps).Select(e => e with { Field = $"{at}: {e.Field}" }));
            }

            foreach (var batch in run.Evaluations)
            {
                errors.AddRange(RunInputValidator.Validate(batch.Evaluations).Select(e => e with { Field = $"{at}: {e.Field}" }));
            }
        }

        return errors;
    }
}
