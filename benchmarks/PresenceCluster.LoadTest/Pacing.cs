using System.Diagnostics;

namespace PresenceCluster.LoadTest;

/// <summary>The offered-rate loops' one wait.</summary>
public static class Pacing
{
    /// <summary>
    /// Waits until <paramref name="clock"/> reaches <paramref name="due"/>; returns at once when it already has. The
    /// clock is read once: reading it twice (compare, then subtract) could yield a negative delay on a fast machine,
    /// which <see cref="Task.Delay(TimeSpan)"/> refuses.
    /// </summary>
    public static Task UntilAsync(Stopwatch clock, TimeSpan due)
    {
        var wait = due - clock.Elapsed;
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }
}
