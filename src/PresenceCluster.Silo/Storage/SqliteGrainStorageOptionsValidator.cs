using Microsoft.Extensions.Options;

namespace PresenceCluster.Silo.Storage;

/// <summary>Checks <see cref="SqliteGrainStorageOptions"/> at start-up.</summary>
public sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{SqliteGrainStorageOptions.SectionName}:DataDirectory is empty; give the directory that holds the database file.");
        }

        if (string.IsNullOrWhiteSpace(options.FileName) || options.FileName.IndexOfAny(['/', '\\']) >= 0)
        {
            failures.Add($"{SqliteGrainStorageOptions.SectionName}:FileName '{options.FileName}' must be a plain file name without directories.");
        }

        if (options.BusyTimeout < TimeSpan.FromSeconds(1) || options.BusyTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{SqliteGrainStorageOptions.SectionName}:BusyTimeout is {options.BusyTimeout}; it must be between 00:00:01 and 00:05:00.");
        }

        if (!string.Equals(options.Synchronous, "Full", StringComparison.OrdinalIgnoreCase) && !string.Equals(options.Synchronous, "Normal", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{SqliteGrainStorageOptions.SectionName}:Synchronous is '{options.Synchronous}'; it must be 'Full' or 'Normal'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
