using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;
using PresenceCluster.Identity;
using PresenceCluster.Storage;

namespace PresenceCluster.Exchange.Notifications;

/// <summary>
/// One mailbox's Graph subscription to calendar changes, durable (so that a notification arriving after a restart is
/// still recognised). Every request to Exchange goes through this silo's <see cref="MailboxReader"/> (circuit, budgets,
/// gate). A notification is acted on only when it names the subscription with its client state, a 256-bit secret
/// made here: anyone can reach the webhook route, only Graph knows the secret.
/// </summary>
internal sealed partial class CalendarSubscriptionGrain(
    [PersistentState(StorageNames.CalendarSubscriptionState, StorageNames.Provider)] IPersistentState<CalendarSubscriptionRecord> state,
    IServiceProvider services,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<CalendarSubscriptionGrain> logger)
    : Grain, ICalendarSubscriptionGrain
{
    // Until a round says otherwise, an activation (after a restart, or a move) gives its user the benefit of the doubt.
    private DateTimeOffset _keptAt = time.GetUtcNow();

    private string Mailbox => this.GetPrimaryKeyString();

    async Task<DateTimeOffset?> ICalendarSubscriptionGrain.KeepAsync(string user)
    {
        var now = time.GetUtcNow();
        _keptAt = now;
        if (Parts() is not var (feed, reader, keeper, _))
        {
            return null;
        }

        var current = state.State;
        if (current.SubscriptionId is { } id && current.User == user)
        {
            if (current.ExpiresAt - now > CalendarSubscriptionKeeper.RenewBefore)
            {
                return current.ExpiresAt;
            }

            var (renewal, expires) = await RenewAsync(feed, reader, keeper, id);
            if (renewal != CallOutcome.Answered)
            {
                // Tried again next round; until it lapses the subscription still works.
                return current.ExpiresAt > now ? current.ExpiresAt : null;
            }

            if (expires is { } renewed)
            {
                await state.WriteOrRevertAsync(current with { ExpiresAt = renewed });
                return renewed;
            }

            // Graph deleted it (expired, or removed): made again below.
        }
        else if (current.SubscriptionId is { } other)
        {
            // The mailbox now belongs to another user (an override changed): the old subscription goes.
            await UnsubscribeAsync(feed, reader, other);
        }

        var clientState = SubscriptionSecret.New();
        var (outcome, created) = await reader.CallAsync([Mailbox], token => feed.SubscribeAsync(IMailboxChangeFeed.CalendarOf(Mailbox), keeper.NotificationUrlFor(Mailbox), clientState, keeper.NewExpiry(), token), CancellationToken.None);
        if (outcome != CallOutcome.Answered)
        {
            if (current.SubscriptionId is not null)
            {
                await state.WriteOrRevertAsync(new CalendarSubscriptionRecord());
            }

            return null;
        }

        await state.WriteOrRevertAsync(new CalendarSubscriptionRecord { SubscriptionId = created!.Id, ClientState = clientState, ExpiresAt = created.ExpiresAt, User = user });
        LogSubscribed(logger, Mailbox, created.ExpiresAt);
        return created.ExpiresAt;
    }

    async Task<bool> ICalendarSubscriptionGrain.NotifyAsync(PresenceCluster.Exchange.MailboxChangeNotification notification)
    {
        var current = state.State;
        if (current.SubscriptionId is not { } id || current.User is not { } user || !SubscriptionSecret.Matches(id, current.ClientState, notification))
        {
            return false;
        }

        if (Parts() is not var (feed, reader, keeper, refreshes))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now - _keptAt > keeper.IdleAfter)
        {
            // Its user left this cluster's care: the subscription would only cost requests.
            await UnsubscribeAsync(feed, reader, id);
            await state.WriteOrRevertAsync(new CalendarSubscriptionRecord());
            return true;
        }

        switch (notification.LifecycleEvent)
        {
            case "subscriptionRemoved":
                // Graph dropped it: the next round makes a new one; what changed meanwhile is read now.
                await state.WriteOrRevertAsync(new CalendarSubscriptionRecord());
                break;
            case "reauthorizationRequired":
                var (outcome, expires) = await RenewAsync(feed, reader, keeper, id);
                if (outcome == CallOutcome.Answered)
                {
                    await state.WriteOrRevertAsync(expires is { } renewed ? current with { ExpiresAt = renewed } : new CalendarSubscriptionRecord());
                }

                return true;
        }

        // A change, missed notifications, or a removed subscription: the calendar is read again.
        refreshes.Enqueue(new MailboxOwner(SipUri.Parse(user), Mailbox));
        return true;
    }

    /// <summary>Moves the subscription's expiry through the reader (circuit, budgets, gate); answered null when Graph no longer has it.</summary>
    private Task<(CallOutcome Outcome, DateTimeOffset? Expires)> RenewAsync(IMailboxChangeFeed feed, MailboxReader reader, CalendarSubscriptionKeeper keeper, string id) =>
        reader.CallAsync([Mailbox], token => feed.RenewAsync(id, keeper.NewExpiry(), token), CancellationToken.None);

    /// <summary>Deletes a subscription through the reader; a failure leaves it to lapse by itself.</summary>
    private Task<(CallOutcome Outcome, bool Done)> UnsubscribeAsync(IMailboxChangeFeed feed, MailboxReader reader, string id) =>
        reader.CallAsync([Mailbox], async token =>
        {
            await feed.UnsubscribeAsync(id, token);
            return true;
        }, CancellationToken.None);

    /// <summary>What this silo needs for subscriptions; null when calendar change notifications are off.</summary>
    private (IMailboxChangeFeed Feed, MailboxReader Reader, CalendarSubscriptionKeeper Keeper, ChangedCalendarReader Refreshes)? Parts() =>
        services.GetService<IMailboxChangeFeed>() is { } feed && services.GetService<CalendarSubscriptionKeeper>() is { } keeper
            ? (feed, services.GetRequiredService<MailboxReader>(), keeper, services.GetRequiredService<ChangedCalendarReader>())
            : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mailbox {Mailbox} subscribed to calendar changes until {ExpiresAt:u}")]
    private static partial void LogSubscribed(ILogger logger, string mailbox, DateTimeOffset expiresAt);
}

/// <summary>A mailbox's calendar subscription, durable; all null when it has none.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.CalendarSubscriptionRecord")]
public sealed record class CalendarSubscriptionRecord
{
    /// <summary>Graph's id of the subscription.</summary>
    [Id(0)] public string? SubscriptionId { get; init; }

    /// <summary>The secret every notification must carry.</summary>
    [Id(1)] public string? ClientState { get; init; }

    /// <summary>Until when Graph keeps it.</summary>
    [Id(2)] public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The user (SIP URI) whose presence the mailbox's calendar feeds.</summary>
    [Id(3)] public string? User { get; init; }
}
