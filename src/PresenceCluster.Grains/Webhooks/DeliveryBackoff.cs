namespace PresenceCluster.Webhooks;

/// <summary>
/// When to try a failing receiver again: the receiver's own <c>Retry-After</c> when it sent one (within the maximum
/// delay), otherwise a delay that doubles from the first with each failure, up to the maximum, with ±20 % jitter so
/// that many subscriptions to one recovering receiver do not return in step; and when to give up (the retry window,
/// counted from the first failure).
/// </summary>
public sealed class DeliveryBackoff(TimeSpan firstDelay, TimeSpan maxDelay, TimeSpan window)
{
    /// <summary>The back-off of <paramref name="options"/>.</summary>
    public static DeliveryBackoff From(WebhookOptions options) => new(options.FirstRetryDelay, options.MaxRetryDelay, options.RetryWindow);

    /// <summary>
    /// The delay before attempt <paramref name="failures"/> + 1, given the receiver's <paramref name="retryAfter"/> and a
    /// <paramref name="jitter"/> drawn from [0, 1).
    /// </summary>
    public TimeSpan DelayAfter(int failures, TimeSpan? retryAfter, double jitter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < maxDelay ? asked : maxDelay;
        }

        return Hosting.ExponentialDelay.After(failures, firstDelay, maxDelay, jitter);
    }

    /// <summary>Whether failures that began at <paramref name="failingSince"/> have used up the window by <paramref name="now"/>.</summary>
    public bool GivesUp(DateTimeOffset failingSince, DateTimeOffset now) => now - failingSince >= window;
}
