using Microsoft.Extensions.Options;
using PresenceCluster.Hosting;

namespace PresenceCluster.Presence;

/// <summary>Checks <see cref="PresenceOptions"/> at start-up.</summary>
public sealed class PresenceOptionsValidator : IValidateOptions<PresenceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PresenceOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.MaxEndpointsPerUser), options.MaxEndpointsPerUser, 1, 64);
        Check(failures, nameof(options.EndpointTimeout), options.EndpointTimeout, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
        Check(failures, nameof(options.InactiveAfter), options.InactiveAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Check(failures, nameof(options.AwayAfter), options.AwayAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Check(failures, nameof(options.MaxManualStateDuration), options.MaxManualStateDuration, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Check(failures, nameof(options.NoteHistoryLength), options.NoteHistoryLength, 0, 10);
        Check(failures, nameof(options.SubscriptionLifetime), options.SubscriptionLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Check(failures, nameof(options.MaxBatchSize), options.MaxBatchSize, 1, 1000);
        Check(failures, nameof(options.IndexEntryMaxAge), options.IndexEntryMaxAge, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(failures, nameof(options.IndexSweepInterval), options.IndexSweepInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(failures, nameof(options.NotificationFlushInterval), options.NotificationFlushInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Check(failures, nameof(options.ReadIndexCapacity), options.ReadIndexCapacity, 1_000, 100_000_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T> =>
        OptionRange.Check(failures, PresenceOptions.SectionName, name, value, min, max);
}
