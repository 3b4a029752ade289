using Microsoft.Extensions.Options;
using PresenceCluster.Hosting;

namespace PresenceCluster.Contacts;

/// <summary>Checks <see cref="ContactOptions"/> at start-up.</summary>
public sealed class ContactOptionsValidator : IValidateOptions<ContactOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ContactOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.MaxContacts), options.MaxContacts, 0, 1000);
        Check(failures, nameof(options.MaxGroups), options.MaxGroups, 1, 64);
        Check(failures, nameof(options.ChangeLogLength), options.ChangeLogLength, 16, 10000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string name, int value, int min, int max) =>
        OptionRange.Check(failures, ContactOptions.SectionName, name, value, min, max);
}
