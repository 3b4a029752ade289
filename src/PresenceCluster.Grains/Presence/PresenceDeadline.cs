namespace PresenceCluster.Presence;

/// <summary>
/// The one-shot timer of a presence grain's next decay, expiry or calendar step, on the presence clock (a fake one in
/// tests). It calls back through the grain's own reference, so that the step runs inside the grain like any call.
/// </summary>
internal sealed class PresenceDeadline(TimeProvider time, IPresenceMaintenanceGrain self)
{
    private ITimer? _timer;
    private DateTimeOffset? _at;

    /// <summary>Arms the timer for <paramref name="at"/> (none: disarmed); the same instant again changes nothing.</summary>
    public void Schedule(DateTimeOffset? at)
    {
        if (at == _at)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        _at = at;
        if (at is not { } due)
        {
            return;
        }

        var delay = due - time.GetUtcNow();
        _timer = time.CreateTimer(
            static target => _ = ((IPresenceMaintenanceGrain)target!).RefreshAsync(),
            self,
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The timer has fired. A timer may fire a moment before its due time by the clock the aggregation reads; the step
    /// then still lies ahead at the same instant, and without forgetting the fired deadline no new timer would be set
    /// for it (a meeting would never end in presence).
    /// </summary>
    public void Fired() => _at = null;

    /// <summary>Stops the timer for good (the activation is going away).</summary>
    public void Cancel()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
