using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;
using PresenceCluster.Storage;

namespace PresenceCluster.Webhooks;

/// <summary>
/// One presence webhook subscription. It watches its targets through the query grain, as its owner (so the owner's
/// privacy relationship filters what changes), renews that watch while it lives, and posts a Graph change
/// notification for every user whose view changed; a failing receiver is retried with <see cref="DeliveryBackoff"/>.
/// State, not a log: a user who changes several times while the receiver is down is one notification when it returns,
/// and the per-user sequence numbers kept durably make a resumed subscription send exactly what the receiver has not had.
/// </summary>
internal sealed partial class WebhookSubscriptionGrain(
    [PersistentState(StorageNames.WebhookSubscriptionState, StorageNames.Provider)] IPersistentState<WebhookSubscriptionRecord> state,
    WebhookSender sender,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<PresenceOptions> presenceOptions,
    IClusterMembershipService membership,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<WebhookSubscriptionGrain> logger)
    : Grain, IWebhookSubscriptionGrain, IPresenceObserver
{
    /// <summary>How long changes are gathered into one post.</summary>
    private static readonly TimeSpan Coalescing = TimeSpan.FromMilliseconds(50);

    private readonly WebhookOptions _options = webhookOptions.Value;
    private readonly DeliveryBackoff _backoff = DeliveryBackoff.From(webhookOptions.Value);

    private readonly NotificationBacklog _backlog = new();

    private IGrainTimer? _renewal;
    private MembershipVersion _watchedAt;
    private IGrainTimer? _delivery;
    private bool _deliveryScheduled;
    private int _failures;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset? _nextAttemptAt;
    private string? _lastError;

    private WebhookSubscription? Live => state.State.Subscription is { } subscription && subscription.ExpirationDateTime > time.GetUtcNow() ? subscription : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _delivery = this.RegisterGrainTimer(DeliverAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        if (Live is not null)
        {
            await StartWatchingAsync();
        }
        else if (state.State.Subscription is not null)
        {
            // Expired while no silo held it (the cluster was down): end it outside activation, which may not call the directory.
            _delivery.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    async Task<WebhookSubscription> IWebhookSubscriptionGrain.CreateAsync(WebhookSubscription subscription)
    {
        if (subscription.Id != this.GetPrimaryKeyString() || state.State.Subscription is not null)
        {
            throw new InvalidInputException("id", "must be a new subscription's id, the grain's key");
        }

        foreach (var (name, url) in new[] { ("notificationUrl", subscription.NotificationUrl), ("lifecycleNotificationUrl", subscription.LifecycleNotificationUrl) })
        {
            using var timeout = new CancellationTokenSource(_options.ReceiverTimeout);
            if (url is not null && await sender.ValidateAsync(url, timeout.Token) is { } problem)
            {
                throw new InvalidInputException(name, $"{url.GetLeftPart(UriPartial.Path)} {problem}");
            }
        }

        await Directory().RegisterAsync(subscription.Id, subscription.Owner, subscription.ExpirationDateTime);
        _watchedAt = membership.CurrentSnapshot.Version;
        var views = await Query().SubscribeAsync(subscription.Owner, subscription.Targets, Self());
        _backlog.Baseline(views);
        await state.WriteOrRevertAsync(new WebhookSubscriptionRecord
        {
            Subscription = subscription,
            Delivered = views.ToDictionary(view => view.Target, view => view.Sequence, StringComparer.Ordinal),
        });
        StartRenewal();
        LogCreated(logger, subscription.Id, subscription.Targets.Length);
        return subscription;
    }

    Task<WebhookSubscription> IWebhookSubscriptionGrain.GetAsync(string owner) => Task.FromResult(Owned(owner));

    async Task<WebhookSubscription> IWebhookSubscriptionGrain.RenewAsync(string owner, DateTimeOffset expirationDateTime)
    {
        var renewed = Owned(owner) with { ExpirationDateTime = expirationDateTime };
        await Directory().RegisterAsync(renewed.Id, owner, expirationDateTime);
        await state.WriteOrRevertAsync(state.State with { Subscription = renewed });
        return renewed;
    }

    async Task IWebhookSubscriptionGrain.DeleteAsync(string owner)
    {
        Owned(owner);
        await EndAsync(lifecycleEvent: null);
    }

    Task<WebhookDeliveryStatus> IWebhookSubscriptionGrain.GetDeliveryStatusAsync(string owner)
    {
        Owned(owner);
        return Task.FromResult(new WebhookDeliveryStatus
        {
            Delivered = state.State.DeliveredCount,
            Pending = _backlog.Count,
            FailedAttempts = _failures,
            FailingSince = _failingSince,
            NextAttemptAt = _nextAttemptAt,
            LastError = _lastError,
            MissedEvents = state.State.MissedEvents,
        });
    }

    Task<bool> IWebhookSubscriptionGrain.ResumeAsync()
    {
        // A silo left or joined since the watch was set up: a watched user's presence grain may have moved and lost
        // it. Renewing in a turn of its own (not inline: this call interleaves) repairs it at once.
        if (Live is not null && _renewal is not null && membership.CurrentSnapshot.Version != _watchedAt)
        {
            _renewal.Change(TimeSpan.Zero, presenceOptions.Value.SubscriptionLifetime / 3);
        }

        return Task.FromResult(Live is not null);
    }

    Task IPresenceObserver.OnPresenceChangesAsync(PresenceChange[] changes)
    {
        if (state.State.Subscription is { } subscription)
        {
            foreach (var change in changes)
            {
                if (change.Watcher == subscription.Owner)
                {
                    Consider(change.View);
                }
            }
        }

        return Task.CompletedTask;
    }

    private WebhookSubscription Owned(string owner) =>
        Live is { } subscription && subscription.Owner == owner ? subscription : throw new NotFoundException("subscription", this.GetPrimaryKeyString());

    private async Task StartWatchingAsync()
    {
        StartRenewal();
        try
        {
            await RenewWatchAsync();
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            // A watched user's silo is being lost as this activation starts (it may be why it starts): the
            // activation must not fail for it; the watch is set up again in a moment.
            LogWatchDeferred(logger, this.GetPrimaryKeyString(), exception.Message);
            _renewal!.Change(TimeSpan.FromSeconds(1), presenceOptions.Value.SubscriptionLifetime / 3);
        }
    }

    private void StartRenewal()
    {
        var period = presenceOptions.Value.SubscriptionLifetime / 3;
        _renewal ??= this.RegisterGrainTimer(RenewWatchAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    /// <summary>Renews the watch; the views it returns also repair anything missed while a presence grain moved.</summary>
    private async Task RenewWatchAsync()
    {
        if (Live is not { } subscription)
        {
            await EndAsync(state.State.Subscription is null ? null : ChangeNotificationPayload.SubscriptionRemoved);
            return;
        }

        _watchedAt = membership.CurrentSnapshot.Version;
        foreach (var view in await Query().SubscribeAsync(subscription.Owner, subscription.Targets, Self()))
        {
            Consider(view);
        }
    }

    private void Consider(PresenceView view)
    {
        if (_backlog.Offer(view, state.State.Delivered) && !_deliveryScheduled)
        {
            Schedule(Coalescing);
        }
    }

    private void Schedule(TimeSpan delay)
    {
        _deliveryScheduled = true;
        _delivery!.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task DeliverAsync()
    {
        _deliveryScheduled = false;
        if (Live is not { } subscription)
        {
            await EndAsync(state.State.Subscription is null ? null : ChangeNotificationPayload.SubscriptionRemoved);
            return;
        }

        if (_backlog.Count == 0)
        {
            return;
        }

        var batch = _backlog.Snapshot();
        using var timeout = new CancellationTokenSource(_options.ReceiverTimeout);
        var outcome = await sender.PostAsync(subscription.NotificationUrl, ChangeNotificationPayload.Notifications(subscription, batch.Select(change => change.Key)), timeout.Token);
        var now = time.GetUtcNow();
        if (outcome.Delivered)
        {
            (_failures, _failingSince, _nextAttemptAt, _lastError) = (0, null, null, null);
            await MarkDeliveredAsync(batch, missed: false);
        }
        else if (_backoff.GivesUp(_failingSince ??= now, now))
        {
            // Graph's rule: after the retry window the notifications are dropped; the lifecycle event tells the
            // receiver to read the users' presence again.
            LogGaveUp(logger, subscription.Id, _failures + 1, outcome.Error);
            (_failures, _failingSince, _nextAttemptAt, _lastError) = (0, null, null, outcome.Error);
            await MarkDeliveredAsync(batch, missed: true);
            await PostLifecycleAsync(subscription, ChangeNotificationPayload.Missed);
        }
        else
        {
            _failures++;
            _lastError = outcome.Error;
            var delay = _backoff.DelayAfter(_failures, outcome.RetryAfter, Random.Shared.NextDouble());
            _nextAttemptAt = now + delay;
            LogDeliveryFailed(logger, subscription.Id, outcome.Error, _failures, delay);
            Schedule(delay);
            return;
        }

        if (_backlog.Count > 0)
        {
            Schedule(TimeSpan.Zero);
        }
    }

    private async Task MarkDeliveredAsync(KeyValuePair<string, long>[] batch, bool missed)
    {
        var delivered = _backlog.Settle(batch, state.State.Delivered);
        var next = state.State with
        {
            Delivered = delivered,
            DeliveredCount = state.State.DeliveredCount + (missed ? 0 : batch.Length),
            MissedEvents = state.State.MissedEvents + (missed ? 1 : 0),
        };
        try
        {
            await state.WriteOrRevertAsync(next);
        }
        catch (StorageUnavailableException exception)
        {
            // Not fatal: a subscription resumed from the older state sends these users' latest presence once more.
            LogStateNotSaved(logger, state.State.Subscription?.Id, exception.Message);
        }
    }

    /// <summary>Ends the subscription; tells the receiver with <paramref name="lifecycleEvent"/> when the cluster, not the owner, ended it.</summary>
    private async Task EndAsync(string? lifecycleEvent)
    {
        if (state.State.Subscription is { } subscription)
        {
            if (lifecycleEvent is not null)
            {
                await PostLifecycleAsync(subscription, lifecycleEvent);
            }

            try
            {
                await Query().UnsubscribeAsync(subscription.Owner, subscription.Targets, Self());
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                // The watch lapses at its lifetime anyway.
            }

            await state.ClearStateAsync();

            // Not awaited: the directory may be calling this grain right now (its sweep), and a removal it misses
            // is made by its next sweep, which finds the subscription ended.
            Directory().RemoveAsync(subscription.Id).Ignore();
            LogEnded(logger, subscription.Id, lifecycleEvent ?? "deleted");
        }

        _backlog.Clear();
        _renewal?.Dispose();
        _renewal = null;
        DeactivateOnIdle();
    }

    private async Task PostLifecycleAsync(WebhookSubscription subscription, string lifecycleEvent)
    {
        if (subscription.LifecycleNotificationUrl is { } url)
        {
            using var timeout = new CancellationTokenSource(_options.ReceiverTimeout);
            var outcome = await sender.PostAsync(url, ChangeNotificationPayload.Lifecycle(subscription, lifecycleEvent), timeout.Token);
            if (!outcome.Delivered)
            {
                LogLifecycleFailed(logger, subscription.Id, lifecycleEvent, outcome.Error);
            }
        }
    }

    private IPresenceObserver Self() => this.AsReference<IPresenceObserver>();

    private IPresenceQueryGrain Query() => GrainFactory.GetGrain<IPresenceQueryGrain>(0);

    private IWebhookDirectoryGrain Directory() => GrainFactory.GetGrain<IWebhookDirectoryGrain>(IWebhookDirectoryGrain.Key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Id}: its watch could not be set up now ({Problem}); trying again in a second")]
    private static partial void LogWatchDeferred(ILogger logger, string id, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {Id} created for {Targets} users")]
    private static partial void LogCreated(ILogger logger, string id, int targets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {Id} ended ({Reason})")]
    private static partial void LogEnded(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Id}: the receiver refused a notification ({Error}), failure {Failures}; trying again in {Delay}")]
    private static partial void LogDeliveryFailed(ILogger logger, string id, string? error, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Id}: gave up after {Failures} failures ({Error}); the pending notifications are dropped and a 'missed' event is sent")]
    private static partial void LogGaveUp(ILogger logger, string id, int failures, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Id}: the '{LifecycleEvent}' lifecycle event was not accepted ({Error})")]
    private static partial void LogLifecycleFailed(ILogger logger, string id, string lifecycleEvent, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Id}: delivery progress not saved ({Problem}); a resumed subscription may repeat the latest notification")]
    private static partial void LogStateNotSaved(ILogger logger, string? id, string problem);
}
