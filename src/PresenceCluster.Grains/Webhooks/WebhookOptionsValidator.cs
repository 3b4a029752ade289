using Microsoft.Extensions.Options;
using PresenceCluster.Hosting;

namespace PresenceCluster.Webhooks;

/// <summary>Checks <see cref="WebhookOptions"/> at start-up.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(options.MaxLifetime), options.MaxLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(60));
        Check(failures, nameof(options.MaxTargets), options.MaxTargets, 1, 1000);
        Check(failures, nameof(options.MaxSubscriptionsPerUser), options.MaxSubscriptionsPerUser, 1, 100);
        Check(failures, nameof(options.ReceiverTimeout), options.ReceiverTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Check(failures, nameof(options.RetryWindow), options.RetryWindow, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        Check(failures, nameof(options.FirstRetryDelay), options.FirstRetryDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Check(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Check(failures, nameof(options.ResumeInterval), options.ResumeInterval, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T> =>
        OptionRange.Check(failures, WebhookOptions.SectionName, name, value, min, max);
}
