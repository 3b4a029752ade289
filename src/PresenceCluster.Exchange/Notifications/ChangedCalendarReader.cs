using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Notifications;

/// <summary>
/// Calendars to read again now because Exchange said they changed. Requests that arrive within
/// <see cref="Coalescing"/> of each other are read together (Graph notifies several times for one change: created,
/// then updated), in the backend's batches; a mailbox asked for twice is read once. What cannot be read now (the
/// backend backing off, a budget spent) is left to the next poll round.
/// </summary>
public sealed partial class ChangedCalendarReader(MailboxReader reader, [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time, ILogger<ChangedCalendarReader> logger)
    : SiloBackgroundLoop
{
    /// <summary>How long the queue gathers requests before reading.</summary>
    public static readonly TimeSpan Coalescing = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, MailboxOwner> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _signal = new(0);
    private long _refreshed;

    /// <summary>Mailboxes read again because of a notification, since the silo started.</summary>
    public long Refreshed => Interlocked.Read(ref _refreshed);

    /// <summary>Asks for <paramref name="owner"/>'s calendar to be read again soon.</summary>
    public void Enqueue(MailboxOwner owner)
    {
        if (_pending.TryAdd(owner.Mailbox, owner))
        {
            _signal.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await _signal.WaitAsync(stopping);
            await Task.Delay(Coalescing, TimeProvider.System, stopping);

            // The signals of the requests about to be taken are spent first, so that a request arriving meanwhile
            // still has a signal of its own (at worst one empty turn of the loop).
            while (_signal.Wait(0, CancellationToken.None))
            {
            }

            var owners = new List<MailboxOwner>();
            foreach (var mailbox in _pending.Keys)
            {
                if (_pending.TryRemove(mailbox, out var owner))
                {
                    owners.Add(owner);
                }
            }

            if (owners.Count == 0)
            {
                continue;
            }

            try
            {
                var (read, _) = await reader.ReadAsync(owners, time.GetUtcNow(), stopping);
                Interlocked.Add(ref _refreshed, read);
                if (read < owners.Count)
                {
                    LogLeftToTheRound(logger, owners.Count - read);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A presence grain that could not be reached (a silo leaving): the next poll round publishes again.
                LogRefreshFailed(logger, exception);
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _signal.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} changed calendars could not be read now; the next poll round reads them")]
    private static partial void LogLeftToTheRound(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading changed calendars failed; the next poll round reads them")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
