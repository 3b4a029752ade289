using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Contacts;
using PresenceCluster.Errors;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Storage;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// One user's unified contact store. At each sign-in it applies the policy (<see cref="ContactStorePolicyRules"/>) and
/// migrates the list when that is due; once the list is in the mailbox it syncs both ways
/// (<see cref="MailboxContactSync"/>) every <see cref="ContactStoreOptions.SyncInterval"/> while the user is signed in,
/// and soon after every edit made through the cluster. While Exchange cannot be reached the list is served and edited
/// from the cluster's copy: its durable change log is the outbox, written to the mailbox in order when Exchange
/// answers again. It lives beside the user's presence grain, on the user's index owner (sign-ins reach it locally).
/// </summary>
[Query.IndexOwnerPlacement]
internal sealed partial class ContactStoreGrain(
    [PersistentState(StorageNames.ContactStoreState, StorageNames.Provider)] IPersistentState<ContactStoreRecord> state,
    IOptions<ExchangeOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    IServiceProvider services,
    ILogger<ContactStoreGrain> logger)
    : Grain, IContactStoreGrain
{
    /// <summary>How soon after an edit through the cluster it is written to the mailbox (edits made together go together).</summary>
    private static readonly TimeSpan PushDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Interval syncs stop this long after the last sign-in even without a sign-out (a session whose silo was lost).</summary>
    private static readonly TimeSpan LongestSession = TimeSpan.FromHours(24);

    private readonly ContactStoreOptions _options = options.Value.Contacts;
    private readonly IMailboxContactStore? _store = services.GetService<IMailboxContactStore>();
    private readonly MailboxReader? _reader = services.GetService<MailboxReader>();
    private readonly ContactChangeSubscriptions? _subscriptions = services.GetService<ContactChangeSubscriptions>();

    // A pass stops when its silo stops or the activation ends, so that no two passes for one user ever write at once
    // (the next activation goes on from what this one saved).
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(
        services.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);
    private SipUri _user = null!;
    private string? _mailbox;
    private IGrainTimer? _interval;
    private IGrainTimer? _push;
    private DateTimeOffset? _signedInAt;
    private bool _subscriptionRemoved;


    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _user = SipUri.Parse(UserGrainKey.Decode(this.GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    async Task<ContactStoreStatus> IContactStoreGrain.GetStatusAsync() => await StatusAsync();

    async Task<ContactStoreStatus> IContactStoreGrain.SetPolicyAsync(ContactStorePolicy? policy)
    {
        if (policy?.MigrationDelayInDays is { } days && days is < 0 or > ContactStorePolicy.MaxMigrationDelayInDays)
        {
            throw new InvalidInputException("policy.MigrationDelayInDays", $"is {days}; it must be between 0 and {ContactStorePolicy.MaxMigrationDelayInDays}");
        }

        var next = policy is { UcsAllowed: null, MigrationDelayInDays: null } ? null : policy;
        await SaveAsync(ContactStorePolicyRules.Evaluate(state.State with { Override = next }, _options, time.GetUtcNow()));
        return await StatusAsync();
    }

    async Task<ContactStoreStatus> IContactStoreGrain.RollbackAsync()
    {
        if (state.State.Migration is ContactMigrationState.Migrated or ContactMigrationState.Migrating)
        {
            if (state.State.Migration == ContactMigrationState.Migrated)
            {
                // What Outlook changed since the last sync comes along; if Exchange cannot be reached, the cluster's copy is the list.
                await RunPassAsync(migrate: false);
            }

            await List.SetInMailboxAsync(false);
            await DropSubscriptionAsync();
            await SaveAsync(ContactStoreTransitions.RolledBack(state.State, time.GetUtcNow()));
            StopTimers();
            LogRolledBack(logger, _user.Value);
        }

        return await StatusAsync();
    }

    async Task<ContactStoreStatus> IContactStoreGrain.SyncNowAsync()
    {
        await RunAsync();
        return await StatusAsync();
    }

    async Task IContactStoreGrain.SignedInAsync()
    {
        _signedInAt = time.GetUtcNow();
        await RunAsync();
        if (state.State.Migration == ContactMigrationState.Migrated && _interval is null)
        {
            _interval = this.RegisterGrainTimer(IntervalAsync, new GrainTimerCreationOptions(_options.SyncInterval, _options.SyncInterval) { KeepAlive = true });
        }

        await KeepSubscriptionAsync();
    }

    async Task IContactStoreGrain.SignedOutAsync()
    {
        StopTimers();
        await DropSubscriptionAsync();
    }

    Task<bool> IContactStoreGrain.NotifyAsync(PresenceCluster.Exchange.MailboxChangeNotification notification)
    {
        if (!ContactChangeSubscriptions.Matches(state.State, notification))
        {
            return Task.FromResult(false);
        }

        if (notification.LifecycleEvent == "subscriptionRemoved")
        {
            // Graph dropped it: made again after the pass below; what changed meanwhile is read now. (This call may run
            // while a pass waits on Exchange, so it writes nothing itself.)
            _subscriptionRemoved = true;
        }

        // A change, missed notifications, or reauthorization (the next interval renews): a pass soon, gathered like edits.
        SchedulePass();
        return Task.FromResult(true);
    }

    Task IContactStoreGrain.ListChangedAsync()
    {
        SchedulePass();
        return Task.CompletedTask;
    }

    /// <summary>A pass in <see cref="PushDelay"/>, unless one is already due: what arrives meanwhile goes with it.</summary>
    private void SchedulePass()
    {
        if (state.State.Migration == ContactMigrationState.Migrated && _push is null)
        {
            _push = this.RegisterGrainTimer(PushSoonAsync, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    /// <summary>With change notifications on, keeps the migrated list's folder subscribed (made, renewed, or moved to a new folder).</summary>
    private async Task KeepSubscriptionAsync()
    {
        if (_subscriptions is not null && state.State.Migration == ContactMigrationState.Migrated)
        {
            var current = _subscriptionRemoved ? ContactChangeSubscriptions.Without(state.State) : state.State;
            _subscriptionRemoved = false;
            await TrySaveAsync(await _subscriptions.KeepAsync(current, await MailboxAsync(), _user, _stopping.Token));
        }
    }

    private async Task DropSubscriptionAsync()
    {
        if (_subscriptions is not null && state.State.SubscriptionId is not null)
        {
            await TrySaveAsync(await _subscriptions.DropAsync(state.State, await MailboxAsync(), _stopping.Token));
        }
    }

    private IContactListStoreGrain List => GrainFactory.GetGrain<IContactListStoreGrain>(this.GetPrimaryKeyString());

    private async Task PushSoonAsync(CancellationToken cancellationToken)
    {
        _push?.Dispose();
        _push = null;
        await RunAsync();
        if (_subscriptionRemoved)
        {
            await KeepSubscriptionAsync();
        }
    }

    private async Task IntervalAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _signedInAt > LongestSession)
        {
            StopTimers();
            return;
        }

        await RunAsync();
        await KeepSubscriptionAsync();
    }

    /// <summary>Applies the policy; migrates when due, else syncs a migrated list.</summary>
    private async Task RunAsync()
    {
        var now = time.GetUtcNow();
        var evaluated = ContactStorePolicyRules.Evaluate(state.State, _options, now);
        if (evaluated != state.State)
        {
            await SaveAsync(evaluated);
        }

        if (ContactStorePolicyRules.MigrateNow(state.State, _options, now))
        {
            await RunPassAsync(migrate: true);
        }
        else if (state.State.Migration == ContactMigrationState.Migrated)
        {
            await RunPassAsync(migrate: false);
        }
    }

    /// <summary>One pass; whatever happens, what it did is saved, and a failure is recorded for the status, not thrown.</summary>
    private async Task RunPassAsync(bool migrate)
    {
        if (_store is null || _reader is null)
        {
            await SaveAsync(ContactStoreTransitions.Failed(state.State, ContactStoreTransitions.NoBackend, time.GetUtcNow()));
            return;
        }

        if (migrate)
        {
            await SaveAsync(ContactStoreTransitions.MigrationStarted(state.State));
        }

        var mailbox = await MailboxAsync();
        var sync = NewSync(mailbox);
        try
        {
            if (migrate)
            {
                await sync.MigrateAsync(_stopping.Token);
                await List.SetInMailboxAsync(true);
                await SaveAsync(ContactStoreTransitions.Migrated(sync.Record, time.GetUtcNow()));
                LogMigrated(logger, _user.Value, mailbox, sync.Record.Items.Count, sync.Requests);

                // Edits made while it was copying: the log since the copied version says which.
                sync = NewSync(mailbox);
            }

            await sync.SyncAsync(_stopping.Token);
            await SaveAsync(ContactStoreTransitions.Synced(sync.Record, time.GetUtcNow()));
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.ItemNotFound && state.State.Migration == ContactMigrationState.Migrated)
        {
            await TrySaveAsync(ContactStoreTransitions.FolderGone(sync.Record, time.GetUtcNow()));
            await List.SetInMailboxAsync(false);
            LogPassStopped(logger, _user.Value, exception.Message);
        }
        catch (Exception exception) when (exception is ContactSyncInterruptedException or MailboxBackendException or StorageUnavailableException)
        {
            await TrySaveAsync(ContactStoreTransitions.Failed(sync.Record, exception.Message, time.GetUtcNow()));
            LogPassStopped(logger, _user.Value, exception.Message);
        }
    }

    private MailboxContactSync NewSync(string mailbox) =>
        new(_store!, _reader!, new MailboxContactMapping(_user.Domain, options.Value.MailDomain), List, mailbox, _options.FolderName, state.State, SaveAsync);

    /// <summary>The user's mailbox by the addressing rule and its overrides, looked up once per activation.</summary>
    private async Task<string> MailboxAsync() =>
        _mailbox ??= await GrainFactory.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key).GetAsync(_user.Value)
            ?? new MailboxAddressing(options.Value.MailDomain).MailboxOf(_user);

    private async Task<ContactStoreStatus> StatusAsync() => ContactStoreTransitions.Status(
        _user.Value,
        state.State,
        _options,
        time.GetUtcNow(),
        _store is null ? null : await MailboxAsync(),
        state.State.Migration == ContactMigrationState.Migrated ? await List.GetRecordAsync() : null,
        _signedInAt);

    private async Task SaveAsync(ContactStoreRecord next)
    {
        if (next != state.State)
        {
            await state.WriteOrRevertAsync(next);
        }
    }

    private async Task TrySaveAsync(ContactStoreRecord next)
    {
        try
        {
            await SaveAsync(next);
        }
        catch (StorageUnavailableException)
        {
            // The pass is repeated from the last saved state: nothing it did is lost in the mailbox, and nothing created twice.
        }
    }

    private void StopTimers()
    {
        _interval?.Dispose();
        _interval = null;
        _push?.Dispose();
        _push = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact list of {User} migrated into mailbox {Mailbox}: {Contacts} contacts, {Requests} requests")]
    private static partial void LogMigrated(ILogger logger, string user, string mailbox, int contacts, int requests);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact list of {User} rolled back to the cluster's store")]
    private static partial void LogRolledBack(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact sync of {User} stopped ({Problem}); the next pass goes on from there")]
    private static partial void LogPassStopped(ILogger logger, string user, string problem);
}
