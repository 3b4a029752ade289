using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.Exchange.Notifications;
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
/// backend's <see cref="BackendHealth"/> decides when to try again. With calendar change notifications on, each round
/// also keeps every active mailbox subscribed.
/// </summary>
public sealed partial class MailboxPoller(
    MailboxReader reader,
    IGrainFactory grains,
    LocalPresenceActivations activations,
    IOptions<ExchangeOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<MailboxPoller> logger,
    CalendarSubscriptionKeeper? subscriptions = null)
    : SiloBackgroundLoop
{
    private readonly SemaphoreSlim _oneRound = new(1, 1);

    /// <summary>The backend's circuit and counters.</summary>
    public BackendHealth Health => reader.Health;

    /// <summary>The backend's name.</summary>
    public string BackendName => reader.BackendName;

    /// <summary>Mailboxes read in the last round.</summary>
    public int LastRoundMailboxes { get; private set; }

    /// <summary>When the last round began.</summary>
    public DateTimeOffset? LastRoundAt { get; private set; }

    /// <summary>Requests not sent in this silo's life because a budget was spent (they wait for a later round).</summary>
    public long OverBudget => reader.OverBudget;

    /// <summary>Mailboxes Exchange does not know, left alone until their retry time.</summary>
    public int UnknownMailboxes => reader.UnknownMailboxes;

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
        var addressing = new MailboxAddressing(options.Value.MailDomain, await grains.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key).ListAsync());
        var owners = activations.Keys
            .Select(key => SipUri.TryParse(UserGrainKey.Decode(key), out var user) ? user : null)
            .OfType<SipUri>()
            .Select(user => new MailboxOwner(user, addressing.MailboxOf(user)))
            .Where(owner => !reader.IsLeftAlone(owner.Mailbox, now))
            .ToList();
        var (read, updated) = await reader.ReadAsync(owners, now, cancellationToken);
        LastRoundMailboxes = read;

        // Users no longer active here leave their automatic replies behind; they are read again when they return.
        reader.ForgetRepliesExcept(owners.Select(owner => owner.Mailbox).ToHashSet(StringComparer.OrdinalIgnoreCase));
        if (subscriptions is not null)
        {
            await subscriptions.KeepAsync(owners.Where(owner => !reader.IsLeftAlone(owner.Mailbox, now)).ToList(), cancellationToken);
        }

        return updated;
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            // Jittered, so that silos started together do not poll Exchange together.
            await Task.Delay(options.Value.PollInterval * (0.9 + (0.2 * Random.Shared.NextDouble())), TimeProvider.System, stopping);
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

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _oneRound.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mailbox round failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
