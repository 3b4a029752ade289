using Orleans.Concurrency;
using PresenceCluster.Presence;

namespace PresenceCluster.Grains;

/// <summary>
/// One user's enhanced presence, keyed by <see cref="Identity.UserGrainKey"/>. Endpoint state is soft (it lives
/// while the endpoints heartbeat); manual state, notes, card and calendar data are durable.
/// </summary>
[Alias("PresenceCluster.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>Registers an endpoint or replaces its state; counts as a heartbeat.</summary>
    [Alias("PublishEndpoint")]
    Task PublishEndpointAsync(EndpointPublication publication);

    /// <summary>Keeps a registered endpoint alive without changing its state.</summary>
    [Alias("HeartbeatEndpoint")]
    Task HeartbeatEndpointAsync(string endpointId);

    /// <summary>Signs an endpoint out.</summary>
    [Alias("RemoveEndpoint")]
    Task RemoveEndpointAsync(string endpointId);

    /// <summary>Sets the manual state; Busy and DoNotDisturb may carry an expiry after which they revert.</summary>
    [Alias("SetManualState")]
    Task SetManualStateAsync(ManualState state, TimeSpan? expiresAfter);

    /// <summary>Clears the manual state, so that availability follows the devices again.</summary>
    [Alias("ClearManualState")]
    Task ClearManualStateAsync();

    /// <summary>Sets (or with null clears) the personal note; the previous one goes to the history.</summary>
    [Alias("SetNote")]
    Task SetNoteAsync(string? note);

    /// <summary>Sets (or with null clears) the location.</summary>
    [Alias("SetLocation")]
    Task SetLocationAsync(string? location);

    /// <summary>Replaces the contact card.</summary>
    [Alias("SetContactCard")]
    Task SetContactCardAsync(ContactCard card);

    /// <summary>Sets (or with null clears) the out-of-office note. For trusted server-side sources.</summary>
    [Alias("SetOofNote")]
    Task SetOofNoteAsync(OofNote? note);

    /// <summary>Publishes (or with null clears) the calendar state. For trusted server-side sources.</summary>
    [Alias("PublishCalendarState")]
    Task PublishCalendarStateAsync(CalendarState? state);

    /// <summary>
    /// Publishes (or with null clears) the calendar items of a window ahead; presence follows each item's start and end
    /// by itself. Publishing the same items again changes nothing. For trusted server-side sources (the mailbox connector).
    /// </summary>
    [Alias("PublishSchedule")]
    Task PublishScheduleAsync(CalendarSchedule? schedule);

    /// <summary>Publishes (or with null clears) free/busy and working hours. For trusted server-side sources.</summary>
    [Alias("SetCalendarData")]
    Task SetCalendarDataAsync(CalendarData? data);

    /// <summary>The user's own presence, every category included.</summary>
    [ReadOnly, Alias("GetOwnPresence")]
    Task<PresenceView> GetOwnPresenceAsync();

    /// <summary>The presence as <paramref name="watcher"/> may see it (one call per target: the naive path).</summary>
    [ReadOnly, Alias("GetView")]
    Task<PresenceView> GetViewAsync(string watcher);

    /// <summary>
    /// Subscribes <paramref name="observer"/> on behalf of <paramref name="watcher"/>, or renews the subscription;
    /// returns the current view. The subscription lapses unless renewed within the configured lifetime.
    /// </summary>
    [Alias("Subscribe")]
    Task<PresenceView> SubscribeAsync(string watcher, IPresenceObserver observer);

    /// <summary>Ends a subscription; unknown subscriptions are ignored.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(string watcher, IPresenceObserver observer);

    /// <summary>The users who watch this user now (live subscriptions), sorted.</summary>
    [ReadOnly, Alias("GetWatchers")]
    Task<IReadOnlyList<string>> GetWatchersAsync();
}
