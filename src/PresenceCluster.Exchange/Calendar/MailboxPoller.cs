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
/// Reads the mailboxes of the users whose presence is active on this silo (online or watched) every
/// <see cref="ExchangeOptions.PollInterval"/>: their calendar for the window ahead, in batches, and their automatic
/// replies; and publishes both into their presence grains, which switch at each meeting's start and end by
/// themselves. While Exchange fails, nothing is published — presence keeps the last known schedule — and the
/// backend's <see cref="BackendHealth"/> decides when to try again.
/// </summary>
public sealed partial class MailboxPoller(
    IMailboxBackend backend,
    IGrainFactory grains,
    LocalPresenceActivations activations,
    ExchangeMetrics metrics,
    IOptions<ExchangeOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<MailboxPoller> logger)
    : SiloBackgroundLoop
{
    private readonly ExchangeOptions _options = options.Value;
    private readonly MailboxGate _gate = new(options.Value.MailboxConcurrency);

    // Graph's limit per mailbox and application is 10,000 requests per 10 minutes; the backend's own budget is configured.
    private readonly RequestBudget _perMailbox = new(10_000, TimeSpan.FromMinutes(10));
    private readonly RequestBudget _perBackend = new(options.Value.RequestsPerMinute, TimeSpan.FromMinutes(1));
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknownUntil = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, KnownReplies> _replies = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _oneRound = new(1, 1);

    /// <summary>The backend's circuit and counters.</summary>
    public BackendHealth Health { get; } = new();

    /// <summary>The backend's name.</summary>
    public string BackendName => backend.Name;

    /// <summary>Mailboxes read in the last round.</summary>
    public int LastRoundMailboxes { get; private set; }

    /// <summary>When the last round began.</summary>
    public DateTimeOffset? LastRoundAt { get; private set; }

    /// <summary>Requests not sent in this silo's life because a budget was spent (they wait for a later round).</summary>
    public long OverBudget { get; private set; }

    /// <summary>Mailboxes Exchange does not know, left alone until their retry time.</summary>
    public int UnknownMailboxes => _unknownUntil.Count;

    /// <summary>
    /// One round: every active user's calendar and automatic replies, published. Rounds do not overlap. Returns how
    /// many users' presence was updated.
    /// </summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRound.WaitAsync(cancellationToken);
        try
        {
            return await RoundAsync(cancellationToken);
        }
        finally
        {
            _oneRound.Release();
        }
    }

    private async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        LastRoundAt = now;
        var addressing = new MailboxAddressing(_options.MailDomain, await grains.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key).ListAsync());

        // The window starts on the hour, so that free/busy (slots from the window's start) changes once an hour, not
        // at every round: an unchanged calendar costs no write.
        var windowStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var users = activations.Keys
            .Select(key => SipUri.TryParse(UserGrainKey.Decode(key), out var user) ? user : null)
            .OfType<SipUri>()
            .Select(user => (User: user, Mailbox: addressing.MailboxOf(user)))
            .Where(entry => !_unknownUntil.TryGetValue(entry.Mailbox, out var until) || until <= now)
            .ToList();
        var updated = 0;
        var read = 0;
        foreach (var batch in users.Chunk(backend.MaxMailboxesPerScheduleRequest))
        {
            if (!Health.MaySend(time.GetUtcNow()))
            {
                LogBackingOff(logger, backend.Name, users.Count - read, Health.BlockedUntil);
                break;
            }

            if (!WithinBudget([.. batch.Select(entry => entry.Mailbox)]))
            {
                break;
            }

            IReadOnlyList<MailboxCalendar> calendars;
            try
            {
                using (await _gate.EnterAsync(batch.Select(entry => entry.Mailbox), cancellationToken))
                {
                    calendars = await backend.GetSchedulesAsync([.. batch.Select(entry => entry.Mailbox)], windowStart, windowStart + _options.Window, cancellationToken);
                }

                Succeeded();
            }
            catch (MailboxBackendException exception)
            {
                Failed(exception);
                continue;
            }

            read += batch.Length;
            metrics.MailboxesRead(backend.Name, batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                if (await PublishAsync(batch[i].User, calendars[i], now, cancellationToken))
                {
                    updated++;
                }
            }
        }

        LastRoundMailboxes = read;
        _perMailbox.Trim(time.GetUtcNow());

        // Users no longer active here leave their automatic replies behind; they are read again when they return.
        var active = users.Select(entry => entry.Mailbox).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in _replies.Keys.Where(mailbox => !active.Contains(mailbox)))
        {
            _replies.TryRemove(mailbox, out _);
        }

        return updated;
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
        if ((known is null || now - known.ReadAt >= _options.AutomaticRepliesInterval) && WithinBudget([calendar.Mailbox]))
        {
            try
            {
                AutomaticReplies replies;
                using (await _gate.EnterAsync([calendar.Mailbox], cancellationToken))
                {
                    replies = await backend.GetAutomaticRepliesAsync(calendar.Mailbox, cancellationToken);
                }

                Succeeded();
                var (note, item) = OutOfOfficeRules.ToPresence(replies, now);
                known = _replies[calendar.Mailbox] = new KnownReplies(now, note, item);
            }
            catch (MailboxBackendException exception)
            {
                Failed(exception);
            }
        }

        if (known?.Item is { } oofItem)
        {
            schedule = schedule with { Items = [.. schedule.Items.Take(CalendarSchedule.MaxItems - 1), oofItem] };
        }

        var presence = Presence(user);
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

        OverBudget++;
        return false;
    }

    private void Succeeded()
    {
        Health.Succeeded(time.GetUtcNow());
        metrics.Succeeded(backend.Name);
    }

    private void Failed(MailboxBackendException exception)
    {
        metrics.Failed(backend.Name, exception.Failure);
        var until = Health.Failed(time.GetUtcNow(), exception.Message, exception.RetryAfter, Random.Shared.NextDouble());
        LogBackendFailed(logger, backend.Name, exception.Failure, exception.Message, until);
    }

    private IPresenceGrain Presence(SipUri user) => grains.GetGrain<IPresenceGrain>(UserGrainKey.For(user));

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            // Jittered, so that silos started together do not poll Exchange together.
            await Task.Delay(_options.PollInterval * (0.9 + (0.2 * Random.Shared.NextDouble())), TimeProvider.System, stopping);
            try
            {
                await PollOnceAsync(stopping);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A grain that could not be reached (a silo leaving): the next round publishes again.
                LogRoundFailed(logger, exception);
            }
        }
    }

    /// <summary>A mailbox's automatic replies as last read, and what they mean for presence.</summary>
    private sealed record class KnownReplies(DateTimeOffset ReadAt, OofNote? Note, ScheduleItem? Item);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _oneRound.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Backend}: {Failure} ({Problem}); no request before {Until:u}, the last known calendars stay in presence")]
    private static partial void LogBackendFailed(ILogger logger, string backend, MailboxFailure failure, string problem, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Backend} is backing off: {Remaining} mailboxes wait for the next round (no request before {Until:u})")]
    private static partial void LogBackingOff(ILogger logger, string backend, int remaining, DateTimeOffset? until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox {Mailbox} is not known to Exchange ({Error}); asked again after Exchange:UnknownMailboxRetry")]
    private static partial void LogUnknownMailbox(ILogger logger, string mailbox, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mailbox round failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
