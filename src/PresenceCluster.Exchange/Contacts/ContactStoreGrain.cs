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
/// answers again.
/// </summary>
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
    private SipUri _user = null!;
    private string? _mailbox;
    private IGrainTimer? _interval;
    private IGrainTimer? _push;
    private DateTimeOffset _lastSignIn;

    // A pass stops when its silo stops or the activation ends, so that no two passes for one user ever write at once
    // (the next activation goes on from what this one saved).
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(
        services.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);

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
            await SaveAsync(state.State with
            {
                Migration = ContactMigrationState.RolledBack,
                RolledBackAt = time.GetUtcNow(),
                SyncState = null,
                Items = [],
                ReconcileNeeded = false,
            });
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
        _lastSignIn = time.GetUtcNow();
        await RunAsync();
        if (state.State.Migration == ContactMigrationState.Migrated && _interval is null)
        {
            _interval = this.RegisterGrainTimer(IntervalAsync, new GrainTimerCreationOptions(_options.SyncInterval, _options.SyncInterval) { KeepAlive = true });
        }
    }

    Task IContactStoreGrain.SignedOutAsync()
    {
        StopTimers();
        return Task.CompletedTask;
    }

    Task IContactStoreGrain.ListChangedAsync()
    {
        if (state.State.Migration == ContactMigrationState.Migrated && _push is null)
        {
            _push = this.RegisterGrainTimer(PushSoonAsync, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    private IContactListStoreGrain List => GrainFactory.GetGrain<IContactListStoreGrain>(this.GetPrimaryKeyString());

    private async Task PushSoonAsync(CancellationToken cancellationToken)
    {
        _push?.Dispose();
        _push = null;
        await RunAsync();
    }

    private async Task IntervalAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _lastSignIn > LongestSession)
        {
            StopTimers();
            return;
        }

        await RunAsync();
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
            await SaveAsync(state.State with { LastError = "Exchange:Backend is None: the mailbox cannot be reached", LastErrorAt = time.GetUtcNow() });
            return;
        }

        if (migrate)
        {
            // Every pass that copies counts, a resumed one too (Lync's Debug-CsUnifiedContactStore counted attempts).
            await SaveAsync(state.State with { Migration = ContactMigrationState.Migrating, MigrationAttempts = state.State.MigrationAttempts + 1 });
        }

        _mailbox ??= new MailboxAddressing(options.Value.MailDomain, await GrainFactory.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key).ListAsync()).MailboxOf(_user);
        var sync = new MailboxContactSync(_store, _reader, new MailboxContactMapping(_user.Domain, options.Value.MailDomain), List, _mailbox, _options.FolderName, state.State, SaveAsync);
        try
        {
            if (migrate)
            {
                await sync.MigrateAsync(_stopping.Token);
                await List.SetInMailboxAsync(true);
                await SaveAsync(sync.Record with { Migration = ContactMigrationState.Migrated, MigratedAt = time.GetUtcNow(), LastSyncAt = time.GetUtcNow(), LastError = null, LastErrorAt = null });
                LogMigrated(logger, _user.Value, _mailbox, sync.Record.Items.Count, sync.Requests);

                // Edits made while it was copying: the log since the copied version says which.
                sync = new MailboxContactSync(_store, _reader, new MailboxContactMapping(_user.Domain, options.Value.MailDomain), List, _mailbox, _options.FolderName, state.State, SaveAsync);
            }

            await sync.SyncAsync(_stopping.Token);
            await SaveAsync(sync.Record with { LastSyncAt = time.GetUtcNow(), LastError = null, LastErrorAt = null });
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.ItemNotFound && state.State.Migration == ContactMigrationState.Migrated)
        {
            // The folder is gone (deleted in Outlook): the cluster's copy is the list, copied into a new folder next time.
            await TrySaveAsync(sync.Record with
            {
                Migration = ContactMigrationState.Migrating,
                FolderId = null,
                SyncState = null,
                Items = [],
                AgreedList = null,
                LastError = "the contact folder is gone from the mailbox; the list is copied into a new one at the next sync",
                LastErrorAt = time.GetUtcNow(),
            });
            await List.SetInMailboxAsync(false);
            LogPassStopped(logger, _user.Value, exception.Message);
        }
        catch (Exception exception) when (exception is ContactSyncInterruptedException or MailboxBackendException or StorageUnavailableException)
        {
            await TrySaveAsync(sync.Record with { LastError = exception.Message, LastErrorAt = time.GetUtcNow() });
            LogPassStopped(logger, _user.Value, exception.Message);
        }
    }

    private async Task<ContactStoreStatus> StatusAsync()
    {
        var record = ContactStorePolicyRules.Evaluate(state.State, _options, time.GetUtcNow());
        var (allowed, delay) = ContactStorePolicyRules.InForce(record, _options);
        var list = record.Migration == ContactMigrationState.Migrated ? await List.GetRecordAsync() : null;
        return new ContactStoreStatus
        {
            User = _user.Value,
            Store = record.Migration == ContactMigrationState.Migrated ? ContactStoreKind.Exchange : ContactStoreKind.Cluster,
            Migration = record.Migration,
            UcsAllowed = allowed,
            MigrationDelayInDays = delay,
            Override = record.Override,
            Mailbox = _mailbox,
            MigratedAt = record.MigratedAt,
            RolledBackAt = record.RolledBackAt,
            LastSyncAt = record.LastSyncAt,
            LastError = record.LastError,
            LastErrorAt = record.LastErrorAt,
            MigrationAttempts = record.MigrationAttempts,
            PendingEdits = list is null ? 0 : MailboxContactSync.PendingKeys(list, record.PushedVersion).Count,
            ContactsInMailbox = record.Items.Count,
            OutsidePresence = record.OutsidePresence.Count,
            OverLimit = record.OverLimit.Count,
            MigratesAfter = ContactStorePolicyRules.MigratesAfter(record, _options),
        };
    }

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
