using System.Collections.Concurrent;

namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>
/// Token buckets per key (a mailbox, or the whole backend): <c>capacity</c> requests, refilled evenly over
/// <c>period</c>. Graph allows 10,000 requests per 10 minutes per mailbox and application; the connector keeps below
/// that, and below its own per-backend budget, instead of learning the limits from 429s. Pure: the caller passes the time.
/// </summary>
public sealed class RequestBudget(int capacity, TimeSpan period)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes one request from every key's bucket, or none when any of them is empty.</summary>
    public bool TryTake(IReadOnlyCollection<string> keys, DateTimeOffset now)
    {
        var buckets = keys.Distinct(StringComparer.OrdinalIgnoreCase).Select(key => _buckets.GetOrAdd(key, _ => new Bucket(capacity, now))).ToList();
        lock (_buckets)
        {
            foreach (var bucket in buckets)
            {
                bucket.Refill(now, capacity, period);
            }

            if (buckets.Any(bucket => bucket.Tokens < 1))
            {
                return false;
            }

            foreach (var bucket in buckets)
            {
                bucket.Tokens--;
            }

            return true;
        }
    }

    /// <summary>Forgets keys whose buckets are full again (they would behave the same if new), so the table stays small.</summary>
    public void Trim(DateTimeOffset now)
    {
        lock (_buckets)
        {
            foreach (var (key, bucket) in _buckets)
            {
                bucket.Refill(now, capacity, period);
                if (bucket.Tokens >= capacity)
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;

        private DateTimeOffset At { get; set; } = at;

        public void Refill(DateTimeOffset now, int capacity, TimeSpan period)
        {
            if (now > At)
            {
                Tokens = Math.Min(capacity, Tokens + (capacity * ((now - At) / period)));
                At = now;
            }
        }
    }
}
