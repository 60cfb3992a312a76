namespace Tracker.Server.Infrastructure.Marten;

/// <summary>Who changes the PostgreSQL schema. Development, tests and ./ops/up apply it at start; a production
/// deployment applies it once with <see cref="ApplyCommand"/> and its nodes only check it (Tracker:Schema:ApplyOnStartup).</summary>
public static class SchemaPolicy
{
    public const string ApplyOnStartupKey = "Tracker:Schema:ApplyOnStartup";

    /// <summary>The command that applies the schema: JasperFx's, run by the same binary with the same configuration.</summary>
    public const string ApplyCommand = "dotnet Tracker.Server.dll db-apply";

    /// <summary>False by default in the Production environment (several nodes must not race to migrate); true elsewhere.</summary>
    public static bool ApplyOnStartup(IConfiguration configuration, IHostEnvironment environment)
    {
        var value = configuration[ApplyOnStartupKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return !environment.IsProduction();
        }

        return bool.TryParse(value.Trim(), out var apply)
            ? apply
            : throw new InvalidOperationException(
                $"{ApplyOnStartupKey} (Tracker__Schema__ApplyOnStartup) is '{value}': use true (apply schema changes at start) or false (only check them).");
    }

    /// <summary>A JasperFx command (db-apply, db-assert, help…) rather than the server: a first argument that is neither
    /// an option (--urls) nor a configuration assignment (urls=…).</summary>
    public static bool IsCommand(string[] args) => args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=');
}
