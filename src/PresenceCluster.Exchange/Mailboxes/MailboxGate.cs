using System.Collections.Concurrent;

namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>
/// At most N requests in flight per mailbox on this silo (Exchange allows 4 per mailbox across all clients). A gate
/// is dropped when no request holds it, so the table holds only mailboxes being read now.
/// </summary>
public sealed class MailboxGate(int perMailbox)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a slot of every mailbox in <paramref name="mailboxes"/>; disposing the result frees them.</summary>
    public async Task<IDisposable> EnterAsync(IEnumerable<string> mailboxes, CancellationToken cancellationToken)
    {
        var acquired = new List<Entry>();
        var entered = new List<Entry>();
        try
        {
            // In one order everywhere, so that two batches sharing mailboxes cannot wait on each other.
            foreach (var mailbox in mailboxes.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
            {
                var entry = Acquire(mailbox);
                acquired.Add(entry);
                await entry.Slots.WaitAsync(cancellationToken);
                entered.Add(entry);
            }
        }
        catch
        {
            Release(acquired, entered);
            throw;
        }

        return new Lease(this, acquired, entered);
    }

    private Entry Acquire(string mailbox)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(mailbox, key => new Entry(key, perMailbox));
            lock (entry)
            {
                if (!entry.Retired)
                {
                    entry.Users++;
                    return entry;
                }
            }
        }
    }

    private void Release(List<Entry> acquired, List<Entry> entered)
    {
        foreach (var entry in entered)
        {
            entry.Slots.Release();
        }

        foreach (var entry in acquired)
        {
            lock (entry)
            {
                if (--entry.Users == 0)
                {
                    entry.Retired = true;
                    _entries.TryRemove(new KeyValuePair<string, Entry>(entry.Mailbox, entry));
                }
            }
        }
    }

    private sealed class Entry(string mailbox, int slots)
    {
        public string Mailbox { get; } = mailbox;

        public SemaphoreSlim Slots { get; } = new(slots, slots);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Lease(MailboxGate gate, List<Entry> acquired, List<Entry> entered) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Release(acquired, entered);
            }
        }
    }
}
