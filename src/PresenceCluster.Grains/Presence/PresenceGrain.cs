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
/// each audience (<see cref="PrivacyFilter"/>) once; the resulting views go to the read index of the silo that owns the
/// user (<see cref="Query.IndexPartition"/>) and to the
/// subscribers whose view changed. Durable changes are written before anyone sees them.
/// </summary>
[IndexOwnerPlacement]
internal sealed partial class PresenceGrain(
    [PersistentState(StorageNames.PresenceState, StorageNames.Provider)] IPersistentState<PresenceRecord> state,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    TimeProvider wallClock,
    IOptions<PresenceOptions> options,
    IndexOwnership ownership,
    PresenceMetrics metrics,
    NotificationBatcher notifications,
    LocalPresenceActivations localActivations,
    IEnumerable<IUserSessionListener> sessionListeners,
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
    private PresenceDeadline _deadline = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _user = UserGrainKey.Decode(this.GetPrimaryKeyString());
        _indexes = new IndexPublication(GrainFactory, ownership, logger);
        _deadline = new PresenceDeadline(time, GrainFactory.GetGrain<IPresenceMaintenanceGrain>(this.GetPrimaryKeyString()));
        localActivations.Activated(this.GetPrimaryKeyString());

        _sequence = PresenceEntryBuilder.FirstSequence(state.State, wallClock.GetUtcNow());
        _policy = await GrainFactory.GetGrain<IPrivacyPolicySourceGrain>(this.GetPrimaryKeyString()).GetPrivacyPolicyAsync();
        _ = Commit(Compute(state.State, forceNewSequence: true), audiencesChanged: false);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deadline.Cancel();

        // The subscriptions leave this silo's count; if the grain is migrating they are carried to the new one.
        metrics.SubscriptionsChanged(-_subscribers.Count);
        if (reason.ReasonCode != DeactivationReasonCode.Migrating)
        {
            // The owner keeps the user's last entry — signed out, the durable parts as each audience sees them — and
            // answers from it, and from storage once it lapses, without activating the grain again.
            await _indexes.RetireAsync(Compute(state.State, forceNewSequence: true, endpoints: []).Entry);
        }

        // Only now: until the owner holds the last entry, a query there still asks this grain.
        localActivations.Deactivated(this.GetPrimaryKeyString());
    }

    Task IPresenceGrain.PublishEndpointAsync(EndpointPublication publication)
    {
        PresenceInputValidator.Validate(publication);
        LogExpired(_endpoints.RemoveExpired(time.GetUtcNow()));
        var signingIn = _endpoints.Count == 0;
        _endpoints.Publish(publication, time.GetUtcNow());
        DelayDeactivation(publication.Lifetime ?? _options.EndpointTimeout);
        metrics.Published();
        if (signingIn)
        {
            TellSessionListeners(signedIn: true);
        }

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
        if (_endpoints.Count == 0)
        {
            TellSessionListeners(signedIn: false);
        }

        return Commit(Compute(state.State), audiencesChanged: false);
    }

    Task IPresenceGrain.SetManualStateAsync(ManualState manualState, TimeSpan? expiresAfter) =>
        ApplyAsync(PresenceRecordEdits.WithManualState(state.State, manualState, expiresAfter, _options.MaxManualStateDuration, time.GetUtcNow()));

    Task IPresenceGrain.ClearManualStateAsync() => ApplyAsync(PresenceRecordEdits.WithoutManualState(state.State));

    Task IPresenceGrain.SetNoteAsync(string? note) => ApplyAsync(PresenceRecordEdits.WithNote(state.State, note, _options.NoteHistoryLength));

    Task IPresenceGrain.SetLocationAsync(string? location) => ApplyAsync(PresenceRecordEdits.WithLocation(state.State, location));

    Task IPresenceGrain.SetContactCardAsync(ContactCard card) => ApplyAsync(PresenceRecordEdits.WithCard(state.State, card));

    Task IPresenceGrain.SetOofNoteAsync(OofNote? note) => ApplyAsync(PresenceRecordEdits.WithOofNote(state.State, note));

    Task IPresenceGrain.PublishCalendarStateAsync(CalendarState? calendarState) =>
        ApplyAsync(PresenceRecordEdits.WithCalendarState(state.State, calendarState, time.GetUtcNow()));

    Task IPresenceGrain.PublishScheduleAsync(CalendarSchedule? schedule) => ApplyAsync(PresenceRecordEdits.WithSchedule(state.State, schedule, time.GetUtcNow()));

    Task IPresenceGrain.SetCalendarDataAsync(CalendarData? data) => ApplyAsync(PresenceRecordEdits.WithCalendarData(state.State, data));

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
        _deadline.Fired();
        var expired = _endpoints.RemoveExpired(time.GetUtcNow());
        LogExpired(expired);
        if (expired.Count > 0 && _endpoints.Count == 0)
        {
            TellSessionListeners(signedIn: false);
        }

        return Commit(Compute(state.State), audiencesChanged: false);
    }

    Task<PresenceIndexEntry> IPresenceMaintenanceGrain.GetIndexEntryAsync() => Task.FromResult(CurrentEntry());

    async Task IPresenceMaintenanceGrain.MoveToAsync(SiloAddress silo)
    {
        // The holders learn that this grain is live before it moves (it announces itself again from its new silo):
        // an owner that did not know would answer the user from storage meanwhile.
        await _indexes.PublishAsync(CurrentEntry());

        // The placement hint is read from the request context captured by MigrateOnIdle.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        this.MigrateOnIdle();
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

    /// <summary>Applies an edit of the durable record; none (null) costs nothing.</summary>
    private Task ApplyAsync(PresenceRecord? next) => next is null ? Task.CompletedTask : UpdateRecordAsync(next);

    /// <summary>Writes a durable change, and only once it is stored lets the index and subscribers see it.</summary>
    private async Task UpdateRecordAsync(PresenceRecord next)
    {
        var computed = Compute(next);
        await state.WriteOrRevertAsync(next with { LastSequence = computed.Entry.Sequence });
        metrics.Published();

        await Commit(computed, audiencesChanged: false);
    }

    /// <summary>What the entry would be with <paramref name="record"/> (and <paramref name="endpoints"/>, the live ones by default); changes nothing.</summary>
    private PresenceEntryBuilder.Computed Compute(PresenceRecord record, bool forceNewSequence = false, IReadOnlyCollection<EndpointRecord>? endpoints = null) =>
        PresenceEntryBuilder.Build(
            _user, _policy, record, endpoints ?? _endpoints.Values, time.GetUtcNow(), PresenceTimings.From(_options), _options.IndexEntryMaxAge, _entry, _sequence, forceNewSequence);

    /// <summary>
    /// Makes a computed entry current: schedules the next step, feeds the owner's index, notifies subscribers.
    /// Returns when the owner's index holds the entry; callers that acknowledge a write await it, so that a query sent
    /// after the acknowledgement sees the change on any silo (every silo asks the owner).
    /// </summary>
    private Task Commit(PresenceEntryBuilder.Computed computed, bool audiencesChanged)
    {
        var previous = _entry;
        _entry = computed.Entry;
        _deadline.Schedule(computed.NextChangeAt);
        if (computed.Changed)
        {
            _sequence = computed.Entry.Sequence;
            metrics.EntryChanged();
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

    private void Notify(PresenceIndexEntry entry, bool audiencesChanged) =>
        notifications.Enqueue(_subscribers.ChangesFor(entry, audiencesChanged, time.GetUtcNow(), watcher => AudienceResolver.Resolve(_user, watcher, _policy)));

    private void TellSessionListeners(bool signedIn)
    {
        foreach (var listener in sessionListeners)
        {
            if (signedIn)
            {
                listener.SignedIn(this.GetPrimaryKeyString());
            }
            else
            {
                listener.SignedOut(this.GetPrimaryKeyString());
            }
        }
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
}
