namespace PresenceCluster.Presence;

/// <summary>The durations aggregation needs, taken from <see cref="PresenceOptions"/>.</summary>
public readonly record struct PresenceTimings(TimeSpan InactiveAfter, TimeSpan AwayAfter, TimeSpan EndpointTimeout)
{
    /// <summary>The timings of <paramref name="options"/>.</summary>
    public static PresenceTimings From(PresenceOptions options) =>
        new(options.InactiveAfter, options.AwayAfter, options.EndpointTimeout);
}
