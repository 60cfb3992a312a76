namespace Tracker.Domain.Validation;

/// <summary>Checks the fields of corrections and archives. A reason is what an auditor reads later, so it is required.</summary>
public static class CorrectionValidator
{
    public const int MaxReasonLength = 2_000;

    /// <summary>Largest N accepted (1e15 parameters): anything above is a typo in the exponent.</summary>
    public const double MaxParameters = 1e15;

    public static List<ValidationError> Reason(string? reason)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("reason", "is required: say why, for the audit trail"));
        }
        else if (reason.Length > MaxReasonLength)
        {
            errors.Add(new("reason", $"at most {MaxReasonLength} characters, got {reason.Length}"));
        }
        else if (reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(new("reason", "must not contain control characters other than line breaks and tabs"));
        }

        return errors;
    }

    public static List<ValidationError> Evaluation(long? step, string? dataset, string? reason)
    {
        var errors = new List<ValidationError>();
        if (step is not { } s)
        {
            errors.Add(new("step", "is required: the step of the evaluation to invalidate"));
        }
        else if (s is < 0 or > Limits.MaxStep)
        {
            errors.Add(new("step", $"must be an integer in [0, {Limits.MaxStep}], got {s}"));
        }

        if (string.IsNullOrWhiteSpace(dataset))
        {
            errors.Add(new("dataset", "is required: the evaluation dataset, e.g. holdout"));
        }
        else if (dataset.Length > Limits.MaxNameLength || dataset.Any(char.IsControl))
        {
            errors.Add(new("dataset", $"must have at most {Limits.MaxNameLength} characters and no control characters"));
        }

        errors.AddRange(Reason(reason));
        return errors;
    }

    public static List<ValidationError> ModelSize(double? parameters, string? reason)
    {
        var errors = new List<ValidationError>();
        if (parameters is not { } n)
        {
            errors.Add(new("parameters", "is required: the model's parameter count N, e.g. 7e9"));
        }
        else if (!double.IsFinite(n) || n <= 0 || n > MaxParameters)
        {
            errors.Add(new("parameters", $"must be a positive number of parameters of at most {MaxParameters:0e0}, got {n}"));
        }

        errors.AddRange(Reason(reason));
        return errors;
    }
}
