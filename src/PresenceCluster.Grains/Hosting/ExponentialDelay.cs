namespace PresenceCluster.Hosting;

/// <summary>
/// The wait before trying a failing peer again: doubling from <c>first</c> with each failure up to <c>max</c>, spread
/// by ±20 % jitter so that many callers of one recovering peer do not return in step.
/// </summary>
public static class ExponentialDelay
{
    /// <summary>The delay after <paramref name="failures"/> failures in a row, given a <paramref name="jitter"/> drawn from [0, 1).</summary>
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max, double jitter)
    {
        var exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        var ticks = Math.Min(first.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.8 + (0.4 * jitter))));
    }
}
