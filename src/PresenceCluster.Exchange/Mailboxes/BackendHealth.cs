namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>
/// One backend's circuit and back-off, pure (the caller passes the time): after a failure nothing is sent before
/// Exchange's <c>Retry-After</c> (or, without one, a delay doubling from 5 s to 5 minutes with ±20 % jitter); after
/// <see cref="OpenAfter"/> failures in a row the circuit is open for the whole delay. A success closes it.
/// </summary>
public sealed class BackendHealth
{
    /// <summary>Failures in a row that open the circuit.</summary>
    public const int OpenAfter = 5;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    private readonly object _gate = new();

    /// <summary>Failures since the last success.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>No request before this instant.</summary>
    public DateTimeOffset? BlockedUntil { get; private set; }

    /// <summary>The last success.</summary>
    public DateTimeOffset? LastSuccess { get; private set; }

    /// <summary>The last failure's description.</summary>
    public string? LastError { get; private set; }

    /// <summary>Requests that failed, in all.</summary>
    public long Failures { get; private set; }

    /// <summary>Requests that succeeded, in all.</summary>
    public long Successes { get; private set; }

    /// <summary>Whether the circuit is open (too many failures in a row).</summary>
    public bool IsOpen => ConsecutiveFailures >= OpenAfter;

    /// <summary>Whether a request may be sent at <paramref name="now"/>.</summary>
    public bool MaySend(DateTimeOffset now)
    {
        lock (_gate)
        {
            return BlockedUntil is not { } until || now >= until;
        }
    }

    /// <summary>Records a success.</summary>
    public void Succeeded(DateTimeOffset now)
    {
        lock (_gate)
        {
            (ConsecutiveFailures, BlockedUntil, LastSuccess) = (0, null, now);
            Successes++;
        }
    }

    /// <summary>Records a failure and returns until when nothing is sent.</summary>
    public DateTimeOffset Failed(DateTimeOffset now, string error, TimeSpan? retryAfter, double jitter)
    {
        lock (_gate)
        {
            ConsecutiveFailures++;
            Failures++;
            LastError = error;
            var backOff = PresenceCluster.Hosting.ExponentialDelay.After(ConsecutiveFailures, FirstDelay, MaxDelay, jitter);

            // Exchange's own word wins when it asks for longer; it is never shortened.
            var delay = retryAfter is { } asked && asked > backOff ? asked : backOff;
            var until = now + delay;
            BlockedUntil = BlockedUntil is { } current && current > until ? current : until;
            return BlockedUntil.Value;
        }
    }
}
