using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using PresenceCluster.Contacts;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.Client;

/// <summary>
/// The .NET SDK for PresenceCluster: publish presence, manage contact lists, query and subscribe.
/// </summary>
/// <remarks>
/// Users are identified by <see cref="SipUri"/>, which validates and normalises them. Every call checks its input
/// and fails with a <see cref="PresenceClusterException"/> (<see cref="InvalidInputException"/>,
/// <see cref="LimitReachedException"/>, <see cref="NotFoundException"/>) that says what was wrong; a call that fails
/// that way changed nothing. When the cluster cannot take a call (a silo or gateway lost, no answer in time) it fails
/// with <see cref="ClusterUnavailableException"/>: reads, heartbeats, endpoint publications and subscriptions are
/// retried first (<see cref="PresenceClientOptions.RetryAttempts"/>), other writes are not (they may or may not have
/// applied). A token cancelled before a call sends nothing; cancelling later stops waiting, and a write already sent
/// may still apply.
/// <para>
/// Heartbeat contract: an application keeps each signed-in endpoint alive by calling
/// <see cref="HeartbeatEndpointAsync"/> well within the silos' <c>Presence:EndpointTimeout</c> (default 10 minutes;
/// every minute or two is usual). Endpoint state is soft state in the user's grain: when that grain was lost (its
/// silo stopped or failed), the heartbeat finds the endpoint unknown, and the SDK publishes the endpoint's last
/// published state again in the same call, so a lost endpoint is back within one heartbeat interval.
/// </para>
/// </remarks>
public sealed class PresenceClusterClient : IAsyncDisposable
{
    private readonly IClusterClient _client;
    private readonly IHost? _host;
    private readonly ClusterConnectionMonitor? _monitor;
    private readonly PresenceClientOptions _options;
    private readonly IPresenceQueryGrain _query;
    private readonly ClusterCalls _calls;
    private readonly SubscriptionRepair _repair;

    // What each endpoint last published, to publish it again when a heartbeat finds its grain lost it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string User, string EndpointId), EndpointPublication> _endpoints = new();

    /// <summary>Wraps an Orleans client that is already connected (for example one hosted in a web application).</summary>
    public PresenceClusterClient(IClusterClient client, PresenceClientOptions? options = null)
        : this(client, host: null, monitor: null, Validate(options ?? new PresenceClientOptions()))
    {
    }

    private PresenceClusterClient(IClusterClient client, IHost? host, ClusterConnectionMonitor? monitor, PresenceClientOptions options)
    {
        _client = client;
        _host = host;
        _monitor = monitor;
        _options = options;
        _query = client.GetGrain<IPresenceQueryGrain>(0);
        _calls = new ClusterCalls(options);
        _repair = new SubscriptionRepair(client, monitor, options.SubscriptionCheckInterval);
    }

    /// <summary>
    /// The underlying Orleans client, for what the SDK does not wrap (for example calling grain interfaces of
    /// PresenceCluster.Abstractions directly). Keys of user grains come from <see cref="UserGrainKey"/>.
    /// </summary>
    public IClusterClient ClusterClient => _client;

    /// <summary>The most targets one query or subscription may name.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>Connects to a cluster: the local silo by default, or the gateways in <paramref name="options"/>.</summary>
    /// <exception cref="InvalidInputException">The options are not usable.</exception>
    public static async Task<PresenceClusterClient> ConnectAsync(PresenceClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PresenceClientOptions();
        Validate(options);
        var gateways = ParseGateways(options);
        var monitor = new ClusterConnectionMonitor();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IHostLifetime, SdkHostLifetime>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(monitor);
        builder.UseOrleansClient(client =>
        {
            if (!string.IsNullOrWhiteSpace(options.PostgreSqlConnectionString))
            {
                client.UseAdoNetClustering(adoNet =>
                {
                    adoNet.Invariant = "Npgsql";
                    adoNet.ConnectionString = options.PostgreSqlConnectionString;
                });
            }
            else if (gateways.Count == 0)
            {
                client.UseLocalhostClustering(options.LocalGatewayPort, options.ServiceId, options.ClusterId);
            }
            else
            {
                client.UseStaticClustering([.. gateways]);
            }

            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);

            var deadline = DateTimeOffset.UtcNow + options.ConnectTimeout;
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), token);
                return true;
            });
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new PresenceClusterClient(host.Services.GetRequiredService<IClusterClient>(), host, monitor, options);
    }

    /// <summary>Registers an endpoint of <paramref name="user"/> or replaces its state; counts as a heartbeat.</summary>
    public async Task PublishEndpointAsync(SipUri user, EndpointPublication publication, CancellationToken cancellationToken = default)
    {
        var presence = Presence(user);
        await _calls.RetriedAsync("publish an endpoint", () => presence.PublishEndpointAsync(publication), cancellationToken);
        _endpoints[(user.Value, publication.EndpointId)] = publication;
    }

    /// <summary>
    /// Keeps an endpoint alive; call it well within the silos' <c>Presence:EndpointTimeout</c>. When the user's grain
    /// no longer knows the endpoint (its silo stopped or failed), the endpoint's last published state is published
    /// again (see the heartbeat contract in the remarks of <see cref="PresenceClusterClient"/>).
    /// </summary>
    /// <exception cref="NotFoundException">The endpoint is unknown to the cluster and was never published through this client.</exception>
    public async Task HeartbeatEndpointAsync(SipUri user, string endpointId, CancellationToken cancellationToken = default)
    {
        var presence = Presence(user);
        try
        {
            await _calls.RetriedAsync("heartbeat an endpoint", () => presence.HeartbeatEndpointAsync(endpointId), cancellationToken);
        }
        catch (NotFoundException) when (_endpoints.TryGetValue((user.Value, endpointId), out var publication))
        {
            await _calls.RetriedAsync("publish a lost endpoint again", () => presence.PublishEndpointAsync(publication), cancellationToken);
        }
    }

    /// <summary>Signs an endpoint out.</summary>
    public async Task RemoveEndpointAsync(SipUri user, string endpointId, CancellationToken cancellationToken = default)
    {
        var presence = Presence(user);
        _endpoints.TryRemove((user.Value, endpointId), out _);
        await ClusterCalls.OnceAsync("remove an endpoint", () => presence.RemoveEndpointAsync(endpointId), cancellationToken);
    }

    /// <summary>Sets the manual state; Busy and DoNotDisturb may carry an expiry after which they revert.</summary>
    public Task SetManualStateAsync(SipUri user, ManualState state, TimeSpan? expiresAfter = null, CancellationToken cancellationToken = default) =>
        Write("set the manual state", Presence(user), p => p.SetManualStateAsync(state, expiresAfter), cancellationToken);

    /// <summary>Clears the manual state.</summary>
    public Task ClearManualStateAsync(SipUri user, CancellationToken cancellationToken = default) =>
        Write("clear the manual state", Presence(user), p => p.ClearManualStateAsync(), cancellationToken);

    /// <summary>Sets the personal note (at most 512 characters); null or empty clears it.</summary>
    public Task SetNoteAsync(SipUri user, string? note, CancellationToken cancellationToken = default) =>
        Write("set the note", Presence(user), p => p.SetNoteAsync(note), cancellationToken);

    /// <summary>Sets the location (at most 256 characters); null or empty clears it.</summary>
    public Task SetLocationAsync(SipUri user, string? location, CancellationToken cancellationToken = default) =>
        Write("set the location", Presence(user), p => p.SetLocationAsync(location), cancellationToken);

    /// <summary>Replaces the contact card.</summary>
    public Task SetContactCardAsync(SipUri user, ContactCard card, CancellationToken cancellationToken = default) =>
        Write("set the contact card", Presence(user), p => p.SetContactCardAsync(card), cancellationToken);

    /// <summary>Sets or clears the out-of-office note (normally done by the Exchange connector).</summary>
    public Task SetOofNoteAsync(SipUri user, OofNote? note, CancellationToken cancellationToken = default) =>
        Write("set the out-of-office note", Presence(user), p => p.SetOofNoteAsync(note), cancellationToken);

    /// <summary>Publishes or clears the calendar state (normally done by the Exchange connector).</summary>
    public Task PublishCalendarStateAsync(SipUri user, CalendarState? state, CancellationToken cancellationToken = default) =>
        Write("publish the calendar state", Presence(user), p => p.PublishCalendarStateAsync(state), cancellationToken);

    /// <summary>
    /// Publishes or clears the calendar items of a window ahead (normally done by the Exchange connector); presence
    /// switches to In a meeting or Out of office at each item's start and back at its end by itself.
    /// </summary>
    public Task PublishScheduleAsync(SipUri user, CalendarSchedule? schedule, CancellationToken cancellationToken = default) =>
        Write("publish the calendar schedule", Presence(user), p => p.PublishScheduleAsync(schedule), cancellationToken);

    /// <summary>Publishes or clears free/busy and working hours (normally done by the Exchange connector).</summary>
    public Task SetCalendarDataAsync(SipUri user, CalendarData? data, CancellationToken cancellationToken = default) =>
        Write("set the calendar data", Presence(user), p => p.SetCalendarDataAsync(data), cancellationToken);

    /// <summary>The user's own presence with every category.</summary>
    public Task<PresenceView> GetOwnPresenceAsync(SipUri user, CancellationToken cancellationToken = default)
    {
        var presence = Presence(user);
        return _calls.RetriedAsync("read presence", presence.GetOwnPresenceAsync, cancellationToken);
    }

    /// <summary>The presence of <paramref name="target"/> as <paramref name="watcher"/> may see it.</summary>
    public async Task<PresenceView> GetPresenceAsync(SipUri watcher, SipUri target, CancellationToken cancellationToken = default) =>
        (await QueryPresenceAsync(watcher, [target], cancellationToken))[0];

    /// <summary>
    /// The presence of up to <see cref="MaxBatchSize"/> users as <paramref name="watcher"/> may see them, in the order
    /// given, in one round trip.
    /// </summary>
    public async Task<IReadOnlyList<PresenceView>> QueryPresenceAsync(SipUri watcher, IReadOnlyCollection<SipUri> targets, CancellationToken cancellationToken = default)
    {
        var batch = ToBatch(watcher, targets);
        var answer = await _calls.RetriedAsync("query presence", () => _query.QueryEncodedAsync(watcher.Value, batch), cancellationToken);
        return answer.Decode();
    }

    /// <summary>
    /// Subscribes <paramref name="watcher"/> to up to <see cref="MaxBatchSize"/> users: their current views at once,
    /// then the changes the watcher may see (under load the latest view of a user rather than each intermediate one). Renewed every <see cref="PresenceClientOptions.SubscriptionRenewalInterval"/>
    /// and repaired within a few seconds when a silo leaves the cluster, until disposed.
    /// </summary>
    public Task<PresenceSubscription> SubscribeAsync(SipUri watcher, IReadOnlyCollection<SipUri> targets, CancellationToken cancellationToken = default)
    {
        var batch = ToBatch(watcher, targets);
        return PresenceSubscription.StartAsync(_client, _repair, _calls, watcher, batch, _options.SubscriptionRenewalInterval, cancellationToken);
    }

    /// <summary>The users who hold a live subscription to <paramref name="user"/>.</summary>
    public async Task<IReadOnlyList<SipUri>> GetWatchersAsync(SipUri user, CancellationToken cancellationToken = default)
    {
        var presence = Presence(user);
        var watchers = await _calls.RetriedAsync("read watchers", presence.GetWatchersAsync, cancellationToken);
        return [.. watchers.Select(w => SipUri.Parse(w))];
    }

    /// <summary>The whole contact list of <paramref name="user"/>.</summary>
    public Task<ContactList> GetContactListAsync(SipUri user, CancellationToken cancellationToken = default)
    {
        var contacts = Contacts(user);
        return _calls.RetriedAsync("read the contact list", contacts.GetAsync, cancellationToken);
    }

    /// <summary>What changed in the contact list since <paramref name="sinceVersion"/> (0 for everything).</summary>
    public Task<ContactListChanges> GetContactListChangesAsync(SipUri user, long sinceVersion, CancellationToken cancellationToken = default)
    {
        var contacts = Contacts(user);
        return _calls.RetriedAsync("read contact list changes", () => contacts.GetChangesAsync(sinceVersion), cancellationToken);
    }

    /// <summary>Creates a group (name 1–128 characters, unique).</summary>
    public Task<ContactGroup> CreateGroupAsync(SipUri user, string name, CancellationToken cancellationToken = default) =>
        Write("create a group", Contacts(user), c => c.CreateGroupAsync(name), cancellationToken);

    /// <summary>Renames a group; returns the list's new version.</summary>
    public Task<long> RenameGroupAsync(SipUri user, int groupId, string name, CancellationToken cancellationToken = default) =>
        Write("rename a group", Contacts(user), c => c.RenameGroupAsync(groupId, name), cancellationToken);

    /// <summary>Deletes a group (its contacts stay); returns the list's new version.</summary>
    public Task<long> DeleteGroupAsync(SipUri user, int groupId, CancellationToken cancellationToken = default) =>
        Write("delete a group", Contacts(user), c => c.DeleteGroupAsync(groupId), cancellationToken);

    /// <summary>Adds a contact or replaces the one with the same URI; returns the list's new version.</summary>
    public Task<long> SetContactAsync(SipUri user, Contact contact, CancellationToken cancellationToken = default) =>
        Write("set a contact", Contacts(user), c => c.SetContactAsync(contact), cancellationToken);

    /// <summary>Removes a contact; returns the list's new version.</summary>
    public Task<long> RemoveContactAsync(SipUri user, SipUri contact, CancellationToken cancellationToken = default)
    {
        var uri = Required(contact, nameof(contact)).Value;
        return Write("remove a contact", Contacts(user), c => c.RemoveContactAsync(uri), cancellationToken);
    }

    /// <summary>
    /// Sets the access level <paramref name="user"/> grants <paramref name="contact"/> (null: the default); the
    /// contact sees the difference at once. Returns the list's new version.
    /// </summary>
    public Task<long> SetAccessLevelAsync(SipUri user, SipUri contact, AccessLevel? level, CancellationToken cancellationToken = default)
    {
        var uri = Required(contact, nameof(contact)).Value;
        return Write("set an access level", Contacts(user), c => c.SetAccessLevelAsync(uri, level), cancellationToken);
    }

    /// <summary>Turns privacy mode on or off; returns the list's new version.</summary>
    public Task<long> SetPrivacyModeAsync(SipUri user, bool enabled, CancellationToken cancellationToken = default) =>
        Write("set privacy mode", Contacts(user), c => c.SetPrivacyModeAsync(enabled), cancellationToken);

    /// <summary>Disconnects, if this instance made the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _repair.DisposeAsync();
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    /// <summary>A write: sent once (it may not be safe to repeat), the grain resolved before anything is sent.</summary>
    private static Task Write<TGrain>(string operation, TGrain grain, Func<TGrain, Task> call, CancellationToken cancellationToken) =>
        ClusterCalls.OnceAsync(operation, () => call(grain), cancellationToken);

    private static Task<T> Write<TGrain, T>(string operation, TGrain grain, Func<TGrain, Task<T>> call, CancellationToken cancellationToken) =>
        ClusterCalls.OnceAsync(operation, () => call(grain), cancellationToken);

    private IPresenceGrain Presence(SipUri user) =>
        _client.GetGrain<IPresenceGrain>(UserGrainKey.For(Required(user, nameof(user))));

    private IContactListGrain Contacts(SipUri user) =>
        _client.GetGrain<IContactListGrain>(UserGrainKey.For(Required(user, nameof(user))));

    private static SipUri Required(SipUri? uri, string parameter) =>
        uri ?? throw new InvalidInputException(parameter, "is missing; give a SIP URI such as 'sip:alice@contoso.com'");

    private static string[] ToBatch(SipUri watcher, IReadOnlyCollection<SipUri> targets)
    {
        Required(watcher, nameof(watcher));
        if (targets is null || targets.Count is 0 or > MaxBatchSize)
        {
            throw new InvalidInputException(nameof(targets), $"holds {targets?.Count ?? 0} users; give 1–{MaxBatchSize}");
        }

        var batch = new string[targets.Count];
        var i = 0;
        foreach (var target in targets)
        {
            batch[i] = Required(target, $"targets[{i}]").Value;
            i++;
        }

        return batch;
    }

    private static PresenceClientOptions Validate(PresenceClientOptions options)
    {
        if (options.LocalGatewayPort is < 1 or > 65535)
        {
            throw new InvalidInputException("options.LocalGatewayPort", $"is {options.LocalGatewayPort}; it must be between 1 and 65535");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new InvalidInputException("options.ConnectTimeout", $"is {options.ConnectTimeout}; it must be more than zero");
        }

        if (options.RetryAttempts is < 1 or > 10)
        {
            throw new InvalidInputException("options.RetryAttempts", $"is {options.RetryAttempts}; it must be between 1 and 10");
        }

        if (options.RetryDelay < TimeSpan.FromMilliseconds(10) || options.RetryDelay > TimeSpan.FromSeconds(10))
        {
            throw new InvalidInputException("options.RetryDelay", $"is {options.RetryDelay}; it must be between 10 ms and 10 s");
        }

        if (options.SubscriptionCheckInterval < TimeSpan.FromMilliseconds(100) || options.SubscriptionCheckInterval > TimeSpan.FromMinutes(1))
        {
            throw new InvalidInputException("options.SubscriptionCheckInterval", $"is {options.SubscriptionCheckInterval}; it must be between 100 ms and 1 minute");
        }

        if (options.ResponseTimeout < TimeSpan.FromSeconds(1) || options.ResponseTimeout > TimeSpan.FromMinutes(5))
        {
            throw new InvalidInputException("options.ResponseTimeout", $"is {options.ResponseTimeout}; it must be between 1 s and 5 minutes");
        }

        if (options.SubscriptionRenewalInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidInputException("options.SubscriptionRenewalInterval", $"is {options.SubscriptionRenewalInterval}; it must be at least one second");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            throw new InvalidInputException("options.ClusterId", "and options.ServiceId must not be empty; they must match the silos'");
        }

        return options;
    }

    private static List<IPEndPoint> ParseGateways(PresenceClientOptions options)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var gateway in options.Gateways)
        {
            var colon = gateway.LastIndexOf(':');
            if (colon <= 0
                || !int.TryParse(gateway.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                throw new InvalidInputException("options.Gateways", $"'{gateway}' is not host:port with a port from 1 to 65535");
            }

            var host = gateway[..colon].Trim('[', ']');
            var address = IPAddress.TryParse(host, out var ip)
                ? ip
                : Dns.GetHostAddresses(host).FirstOrDefault()
                    ?? throw new InvalidInputException("options.Gateways", $"'{host}' does not resolve to an address");
            endpoints.Add(new IPEndPoint(address, port));
        }

        return endpoints;
    }
}
