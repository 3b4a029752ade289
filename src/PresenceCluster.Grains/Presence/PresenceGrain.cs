using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using PresenceCluster.Contacts;
using PresenceCluster.Diagnostics;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Privacy;
using PresenceCluster.Query;
using PresenceCluster.Storage;

namespace PresenceCluster.Presence;

/// <summary>
/// One user's enhanced presence. Every change is aggregated (<see cref="PresenceAggregator"/>) and filtered for
/// each audience (<see cref="PrivacyFilter"/>) once; the resulting views go to every silo's read index and to the
/// subscribers whose view changed. Durable changes are written before anyone sees them.
/// </summary>
internal sealed partial class PresenceGrain(
    [PersistentState(StorageNames.PresenceState, StorageNames.Provider)] IPersistentState<PresenceRecord> state,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    TimeProvider wallClock,
    IOptions<PresenceOptions> options,
    IClusterMembershipService membership,
    PresenceMetrics metrics,
    LocalPresenceActivations localActivations,
    ILogger<PresenceGrain> logger)
    : Grain, IPresenceGrain, IPresenceMaintenanceGrain, IGrainMigrationParticipant
{
    private readonly PresenceOptions _options = options.Value;
    private readonly EndpointTable _endpoints = new(options.Value.MaxEndpointsPerUser, options.Value.EndpointTimeout);
    private readonly SubscriberRegistry _subscribers = new(metrics.SubscriptionsChanged);
    private IndexPublication _indexes = null!;
    private string _user = string.Empty;
    private PrivacyPolicy _policy = PrivacyPolicy.Default;
    private long _sequence;
    private PresenceIndexEntry? _entry;
    private ITimer? _deadline;
    private DateTimeOffset? _deadlineAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _user = UserGrainKey.Decode(this.GetPrimaryKeyString());
        _indexes = new IndexPublication(GrainFactory, membership, logger);
        localActivations.Activated(this.GetPrimaryKeyString());

        // Sequence numbers must keep growing across activations, but writing on every activation would cost a
        // database round trip; so a new activation starts at the wall clock in microseconds, above any earlier
        // activation's numbers as long as fewer than a million visible changes happen per second and the silos'
        // clocks agree better than the time between two activations. The runtime's clock is used, not the
        // presence clock: a test's fake presence clock may stand still while activations come and go.
        _sequence = Math.Max(state.State.LastSequence, wallClock.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        _policy = await GrainFactory.GetGrain<IPrivacyPolicySourceGrain>(this.GetPrimaryKeyString()).GetPrivacyPolicyAsync();
        _ = Commit(Compute(state.State, forceNewSequence: true), audiencesChanged: false);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deadline?.Dispose();
        localActivations.Deactivated(this.GetPrimaryKeyString());

        // The subscriptions leave this silo's count; if the grain is migrating they are carried to the new one.
        metrics.SubscriptionsChanged(-_subscribers.Count);
        return Task.CompletedTask;
    }

    Task IPresenceGrain.PublishEndpointAsync(EndpointPublication publication)
    {
        PresenceInputValidator.Validate(publication);
        LogExpired(_endpoints.RemoveExpired(time.GetUtcNow()));
        _endpoints.Publish(publication, time.GetUtcNow());
        DelayDeactivation(publication.Lifetime ?? _options.EndpointTimeout);
        metrics.Published();
        return Commit(Compute(state.State), audiencesChanged: false);
    }

    Task IPresenceGrain.HeartbeatEndpointAsync(string endpointId)
    {
        var endpoint = _endpoints.Heartbeat(endpointId, time.GetUtcNow());
        DelayDeactivation(endpoint.Lifetime ?? _options.EndpointTimeout);
        return Commit(Compute(state.State), audiencesChanged: false);
    }

    Task IPresenceGrain.RemoveEndpointAsync(string endpointId)
    {
        _endpoints.Remove(endpointId, time.GetUtcNow());
        return Commit(Compute(state.State), audiencesChanged: false);
    }

    Task IPresenceGrain.SetManualStateAsync(ManualState manualState, TimeSpan? expiresAfter)
    {
        PresenceInputValidator.ValidateManualState(manualState, expiresAfter, _options.MaxManualStateDuration);
        var now = time.GetUtcNow();
        return UpdateRecordAsync(state.State with { Manual = new ManualStateRecord(manualState, now, now + expiresAfter) });
    }

    Task IPresenceGrain.ClearManualStateAsync() =>
        state.State.Manual is null ? Task.CompletedTask : UpdateRecordAsync(state.State with { Manual = null });

    Task IPresenceGrain.SetNoteAsync(string? note) =>
        NoteRules.WithNote(state.State, note, _options.NoteHistoryLength) is { } next ? UpdateRecordAsync(next) : Task.CompletedTask;

    Task IPresenceGrain.SetLocationAsync(string? location)
    {
        PresenceInputValidator.ValidateLocation(location);
        location = string.IsNullOrEmpty(location) ? null : location;
        return location == state.State.Location ? Task.CompletedTask : UpdateRecordAsync(state.State with { Location = location });
    }

    Task IPresenceGrain.SetContactCardAsync(ContactCard card)
    {
        PresenceInputValidator.Validate(card);
        return card == state.State.Card ? Task.CompletedTask : UpdateRecordAsync(state.State with { Card = card });
    }

    Task IPresenceGrain.SetOofNoteAsync(OofNote? note)
    {
        PresenceInputValidator.Validate(note);
        return note == state.State.OofNote ? Task.CompletedTask : UpdateRecordAsync(state.State with { OofNote = note });
    }

    Task IPresenceGrain.PublishCalendarStateAsync(CalendarState? calendarState)
    {
        PresenceInputValidator.Validate(calendarState);
        if (calendarState == state.State.Calendar?.State)
        {
            return Task.CompletedTask;
        }

        var record = calendarState is null ? null : new CalendarStateRecord(calendarState, time.GetUtcNow());
        return UpdateRecordAsync(state.State with { Calendar = record });
    }

    Task IPresenceGrain.PublishScheduleAsync(CalendarSchedule? schedule)
    {
        PresenceInputValidator.Validate(schedule);

        // The connector publishes every few minutes; an unchanged calendar must cost no write.
        if (schedule is null ? state.State.Schedule is null : schedule.HasSameItemsAs(state.State.Schedule?.Schedule))
        {
            return Task.CompletedTask;
        }

        var record = schedule is null ? null : new CalendarScheduleRecord(schedule, time.GetUtcNow());
        return UpdateRecordAsync(state.State with { Schedule = record });
    }

    Task IPresenceGrain.SetCalendarDataAsync(CalendarData? data)
    {
        PresenceInputValidator.Validate(data);
        return data == state.State.CalendarData ? Task.CompletedTask : UpdateRecordAsync(state.State with { CalendarData = data });
    }

    Task<PresenceView> IPresenceGrain.GetOwnPresenceAsync() => Task.FromResult(CurrentEntry().Views[(int)ViewAudience.Self]);

    Task<PresenceView> IPresenceGrain.GetViewAsync(string watcher)
    {
        SipUri.ThrowIfNotNormalised(watcher, nameof(watcher));
        return Task.FromResult(CurrentEntry().ViewFor(watcher));
    }

    Task<PresenceView> IPresenceGrain.SubscribeAsync(string watcher, IPresenceObserver observer)
    {
        SipUri.ThrowIfNotNormalised(watcher, nameof(watcher));
        if (observer is null)
        {
            throw new InvalidInputException("observer", "is missing");
        }

        var entry = CurrentEntry();
        var now = time.GetUtcNow();
        _subscribers.RemoveExpired(now);
        var audience = AudienceResolver.Resolve(_user, watcher, _policy);
        var subscriber = _subscribers.Upsert(watcher, observer.GetGrainId(), observer, audience, now + _options.SubscriptionLifetime);
        subscriber.LastSent = entry.Views[(int)audience];
        DelayDeactivation(_options.SubscriptionLifetime);
        return Task.FromResult(subscriber.LastSent);
    }

    Task IPresenceGrain.UnsubscribeAsync(string watcher, IPresenceObserver observer)
    {
        SipUri.ThrowIfNotNormalised(watcher, nameof(watcher));
        if (observer is not null)
        {
            _subscribers.Remove(watcher, observer.GetGrainId());
        }

        return Task.CompletedTask;
    }

    Task<IReadOnlyList<string>> IPresenceGrain.GetWatchersAsync() => Task.FromResult(_subscribers.Watchers(time.GetUtcNow()));

    Task IPresenceMaintenanceGrain.ApplyPrivacyPolicyAsync(PrivacyPolicy policy)
    {
        if (policy.Version < _policy.Version)
        {
            return Task.CompletedTask;
        }

        _policy = policy;
        return Commit(Compute(state.State, forceNewSequence: true), audiencesChanged: true);
    }

    Task IPresenceMaintenanceGrain.RefreshAsync()
    {
        // The deadline's one-shot timer has fired. A timer may fire a moment before its due time by the clock the
        // aggregation reads; the step then still lies ahead at the same instant, and without forgetting the fired
        // deadline no new timer would be set for it (a meeting would never end in presence).
        _deadlineAt = null;
        LogExpired(_endpoints.RemoveExpired(time.GetUtcNow()));
        return Commit(Compute(state.State), audiencesChanged: false);
    }

    Task<PresenceIndexEntry> IPresenceMaintenanceGrain.GetIndexEntryAsync() => Task.FromResult(CurrentEntry());

    Task IPresenceMaintenanceGrain.MoveToAsync(SiloAddress silo)
    {
        // The placement hint is read from the request context captured by MigrateOnIdle.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        this.MigrateOnIdle();
        return Task.CompletedTask;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext) =>
        dehydrationContext.TryAddValue(PresenceSoftState.MigrationKey, new PresenceSoftState([.. _endpoints.Values], _subscribers.Snapshot()));

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<PresenceSoftState>(PresenceSoftState.MigrationKey, out var soft) && soft is not null)
        {
            _endpoints.Restore(soft.Endpoints);
            _subscribers.Restore(soft.Subscriptions);
        }
    }

    /// <summary>The current entry, re-aggregated first if a decay or expiry step has come due since.</summary>
    private PresenceIndexEntry CurrentEntry()
    {
        if (_entry is null || _entry.ValidUntil <= time.GetUtcNow())
        {
            // Reads do not wait for the indexes: nothing was acknowledged, and the caller gets the fresh entry.
            _ = Commit(Compute(state.State), audiencesChanged: false);
        }

        return _entry!;
    }

    /// <summary>Writes a durable change, and only once it is stored lets the index and subscribers see it.</summary>
    private async Task UpdateRecordAsync(PresenceRecord next)
    {
        var computed = Compute(next);
        await state.WriteOrRevertAsync(next with { LastSequence = computed.Entry.Sequence });
        metrics.Published();

        await Commit(computed, audiencesChanged: false);
    }

    /// <summary>What the entry would be with <paramref name="record"/>; changes nothing.</summary>
    private PresenceEntryBuilder.Computed Compute(PresenceRecord record, bool forceNewSequence = false) =>
        PresenceEntryBuilder.Build(
            _user, _policy, record, _endpoints.Values, time.GetUtcNow(), PresenceTimings.From(_options), _options.IndexEntryMaxAge, _entry, _sequence, forceNewSequence);

    /// <summary>
    /// Makes a computed entry current: schedules the next step, feeds every silo's index, notifies subscribers.
    /// Returns when the indexes hold the entry; callers that acknowledge a write await it, so that a query sent
    /// after the acknowledgement sees the change on any silo.
    /// </summary>
    private Task Commit(PresenceEntryBuilder.Computed computed, bool audiencesChanged)
    {
        var previous = _entry;
        _entry = computed.Entry;
        ScheduleDeadline(computed.NextChangeAt);
        if (computed.Changed)
        {
            _sequence = computed.Entry.Sequence;
            Notify(computed.Entry, audiencesChanged);
            return _indexes.PublishAsync(computed.Entry);
        }

        // The views are the same, but a write may have brought a step closer (a calendar state that starts soon):
        // indexes holding this sequence with a later ValidUntil must learn the earlier one. A later ValidUntil need
        // not be spread: an index whose copy lapses early just asks again.
        return previous is not null && computed.Entry.ValidUntil < previous.ValidUntil
            ? _indexes.PublishAsync(computed.Entry)
            : Task.CompletedTask;
    }

    private void Notify(PresenceIndexEntry entry, bool audiencesChanged)
    {
        foreach (var (subscriber, view) in _subscribers.ChangesFor(entry, audiencesChanged, time.GetUtcNow(), watcher => AudienceResolver.Resolve(_user, watcher, _policy)))
        {
            try
            {
                // One-way: the send completes once the message is handed to the connection; only that can fail here.
                _ = subscriber.Observer.OnPresenceChangedAsync(subscriber.Watcher, view);
                metrics.NotificationSent();
            }
            catch (Exception exception) when (exception is OrleansException or InvalidOperationException)
            {
                metrics.NotificationDropped();
                LogNotificationDropped(logger, exception);
            }
        }
    }

    /// <summary>
    /// Arms a timer for the next decay, expiry or calendar step. It runs on the presence clock (a fake one in tests)
    /// and calls back through the grain's own reference, so that the step runs inside the grain like any call.
    /// </summary>
    private void ScheduleDeadline(DateTimeOffset? at)
    {
        if (at == _deadlineAt)
        {
            return;
        }

        _deadline?.Dispose();
        _deadline = null;
        _deadlineAt = at;
        if (at is not { } due)
        {
            return;
        }

        var self = GrainFactory.GetGrain<IPresenceMaintenanceGrain>(this.GetPrimaryKeyString());
        var delay = due - time.GetUtcNow();
        _deadline = time.CreateTimer(
            static target => _ = ((IPresenceMaintenanceGrain)target!).RefreshAsync(),
            self,
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            Timeout.InfiniteTimeSpan);
    }

    private void LogExpired(IReadOnlyList<string> endpointIds)
    {
        foreach (var id in endpointIds)
        {
            LogEndpointExpired(logger, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Endpoint {EndpointId} stopped heartbeating and was signed out.")]
    private static partial void LogEndpointExpired(ILogger logger, string endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A presence notification could not be handed to a watcher's connection; the watcher's next renewal or query brings the latest view")]
    private static partial void LogNotificationDropped(ILogger logger, Exception exception);
}
