using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>
/// This silo's one way to Exchange: every request goes through the backend's circuit (<see cref="Health"/>), the
/// per-silo and per-mailbox budgets and the per-mailbox gate, and is counted. Reads users' calendars and automatic
/// replies and publishes them into their presence grains — for the poller's rounds and for the refreshes calendar
/// change notifications ask for, which may run at the same time.
/// </summary>
public sealed partial class MailboxReader(
    IMailboxBackend backend,
    IGrainFactory grains,
    ExchangeMetrics metrics,
    IOptions<ExchangeOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<MailboxReader> logger)
{
    private readonly ExchangeOptions _options = options.Value;
    private readonly MailboxGate _gate = new(options.Value.MailboxConcurrency);

    // Graph's limit per mailbox and application is 10,000 requests per 10 minutes; the backend's own budget is configured.
    private readonly RequestBudget _perMailbox = new(10_000, TimeSpan.FromMinutes(10));
    private readonly RequestBudget _perBackend = new(options.Value.RequestsPerMinute, TimeSpan.FromMinutes(1));
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknownUntil = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, KnownReplies> _replies = new(StringComparer.OrdinalIgnoreCase);
    private long _overBudget;

    /// <summary>The backend's circuit and counters.</summary>
    public BackendHealth Health { get; } = new();

    /// <summary>The backend's name.</summary>
    public string BackendName => backend.Name;

    /// <summary>Requests not sent in this silo's life because a budget was spent (they wait for a later round).</summary>
    public long OverBudget => Interlocked.Read(ref _overBudget);

    /// <summary>Mailboxes Exchange does not know, left alone until their retry time.</summary>
    public int UnknownMailboxes => _unknownUntil.Count;

    /// <summary>Whether <paramref name="mailbox"/> is one Exchange did not know, not to be asked again yet.</summary>
    public bool IsLeftAlone(string mailbox, DateTimeOffset now) => _unknownUntil.TryGetValue(mailbox, out var until) && until > now;

    /// <summary>
    /// Reads the calendars of <paramref name="owners"/> (in the backend's batches) for the window that starts at the
    /// hour of <paramref name="now"/>, adds their automatic replies and publishes both. Stops early while the backend
    /// backs off or a budget is spent: the rest wait for the next round. Returns the mailboxes read and the users
    /// whose presence was updated.
    /// </summary>
    public async Task<(int Read, int Updated)> ReadAsync(IReadOnlyList<MailboxOwner> owners, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The window starts on the hour, so that free/busy (slots from the window's start) changes once an hour, not
        // at every round: an unchanged calendar costs no write.
        var windowStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var (read, updated) = (0, 0);
        foreach (var batch in owners.Chunk(backend.MaxMailboxesPerScheduleRequest))
        {
            if (!Health.MaySend(time.GetUtcNow()))
            {
                LogBackingOff(logger, backend.Name, owners.Count - read, Health.BlockedUntil);
                break;
            }

            var mailboxes = batch.Select(owner => owner.Mailbox).ToList();
            var (outcome, calendars) = await CallAsync(mailboxes, token => backend.GetSchedulesAsync(mailboxes, windowStart, windowStart + _options.Window, token), cancellationToken);
            if (outcome == CallOutcome.OverBudget)
            {
                break;
            }

            if (outcome != CallOutcome.Answered)
            {
                continue;
            }

            read += batch.Length;
            metrics.MailboxesRead(backend.Name, batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                if (await PublishAsync(batch[i].User, calendars![i], now, cancellationToken))
                {
                    updated++;
                }
            }
        }

        _perMailbox.Trim(time.GetUtcNow());
        return (read, updated);
    }

    /// <summary>Forgets the automatic replies of mailboxes not in <paramref name="active"/>; they are read again when their users return.</summary>
    public void ForgetRepliesExcept(IReadOnlySet<string> active)
    {
        foreach (var mailbox in _replies.Keys.Where(mailbox => !active.Contains(mailbox)))
        {
            _replies.TryRemove(mailbox, out _);
        }
    }

    /// <summary>
    /// Sends one request about <paramref name="mailboxes"/> unless the backend backs off or a budget is spent, holding a
    /// slot of each mailbox while it runs; counts it and tells the circuit how it went.
    /// </summary>
    public async Task<(CallOutcome Outcome, T? Value)> CallAsync<T>(IReadOnlyCollection<string> mailboxes, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!Health.MaySend(time.GetUtcNow()))
        {
            return (CallOutcome.BackingOff, default);
        }

        if (!WithinBudget(mailboxes))
        {
            return (CallOutcome.OverBudget, default);
        }

        try
        {
            T value;
            using (await _gate.EnterAsync(mailboxes, cancellationToken))
            {
                value = await call(cancellationToken);
            }

            Health.Succeeded(time.GetUtcNow());
            metrics.Succeeded(backend.Name);
            return (CallOutcome.Answered, value);
        }
        catch (MailboxBackendException exception) when (exception.Failure is MailboxFailure.Conflict or MailboxFailure.SyncStateExpired or MailboxFailure.ItemNotFound)
        {
            // An answer about one item, not a failing Exchange: the caller acts on it; the circuit stays closed.
            Health.Succeeded(time.GetUtcNow());
            metrics.Succeeded(backend.Name);
            throw;
        }
        catch (MailboxBackendException exception)
        {
            metrics.Failed(backend.Name, exception.Failure);
            var until = Health.Failed(time.GetUtcNow(), exception.Message, exception.RetryAfter, Random.Shared.NextDouble());
            LogBackendFailed(logger, backend.Name, exception.Failure, exception.Message, until);
            return (CallOutcome.Failed, default);
        }
    }

    /// <summary>Adds the automatic replies to a mailbox's calendar and publishes both; false when nothing could be published.</summary>
    private async Task<bool> PublishAsync(SipUri user, MailboxCalendar calendar, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (calendar.Schedule is not { } schedule)
        {
            // Not retried hot: a mailbox Exchange does not know is asked again after the configured time.
            _unknownUntil[calendar.Mailbox] = now + _options.UnknownMailboxRetry;
            LogUnknownMailbox(logger, calendar.Mailbox, calendar.Error);
            return false;
        }

        _unknownUntil.TryRemove(calendar.Mailbox, out _);

        // Automatic replies change far less often than calendars: they are read every AutomaticRepliesInterval, and
        // between reads (or when a read fails) the last known state goes with every publication, so that a failure
        // never takes an Out-of-office item away.
        var known = _replies.GetValueOrDefault(calendar.Mailbox);
        if (known is null || now - known.ReadAt >= _options.AutomaticRepliesInterval)
        {
            var (outcome, replies) = await CallAsync([calendar.Mailbox], token => backend.GetAutomaticRepliesAsync(calendar.Mailbox, token), cancellationToken);
            if (outcome == CallOutcome.Answered)
            {
                var (note, item) = OutOfOfficeRules.ToPresence(replies!, now);
                known = _replies[calendar.Mailbox] = new KnownReplies(now, note, item);
            }
        }

        if (known?.Item is { } oofItem)
        {
            schedule = schedule with { Items = [.. schedule.Items.Take(CalendarSchedule.MaxItems - 1), oofItem] };
        }

        var presence = grains.GetGrain<IPresenceGrain>(UserGrainKey.For(user));
        await presence.PublishScheduleAsync(schedule);
        if (known is not null)
        {
            await presence.SetOofNoteAsync(known.Note);
        }

        await presence.SetCalendarDataAsync(calendar.Data);
        return true;
    }

    /// <summary>Takes one request from the backend's and each mailbox's budget; false (counted) when either is spent.</summary>
    private bool WithinBudget(IReadOnlyCollection<string> mailboxes)
    {
        var now = time.GetUtcNow();
        if (_perBackend.TryTake(["backend"], now) && _perMailbox.TryTake(mailboxes, now))
        {
            return true;
        }

        Interlocked.Increment(ref _overBudget);
        return false;
    }

    /// <summary>A mailbox's automatic replies as last read, and what they mean for presence.</summary>
    private sealed record class KnownReplies(DateTimeOffset ReadAt, OofNote? Note, ScheduleItem? Item);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Backend}: {Failure} ({Problem}); no request before {Until:u}, the last known calendars stay in presence")]
    private static partial void LogBackendFailed(ILogger logger, string backend, MailboxFailure failure, string problem, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Backend} is backing off: {Remaining} mailboxes wait for the next round (no request before {Until:u})")]
    private static partial void LogBackingOff(ILogger logger, string backend, int remaining, DateTimeOffset? until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox {Mailbox} is not known to Exchange ({Error}); asked again after Exchange:UnknownMailboxRetry")]
    private static partial void LogUnknownMailbox(ILogger logger, string mailbox, string? error);
}
