using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;
using PresenceCluster.Storage;

namespace PresenceCluster.Contacts;

/// <summary>
/// One user's contact list. Writes are validated by <see cref="ContactBook"/>, made durable, and only then
/// visible; changes that affect privacy are then pushed to the user's presence grain.
/// </summary>
internal sealed partial class ContactListGrain(
    [PersistentState(StorageNames.ContactListState, StorageNames.Provider)] IPersistentState<ContactListRecord> state,
    IOptions<ContactOptions> options,
    ILogger<ContactListGrain> logger)
    : Grain, IContactListGrain, IContactListStoreGrain, IPrivacyPolicySourceGrain, IIncomingGrainCallFilter
{
    private ContactBook _book = null!;
    private PrivacyPolicy _policy = PrivacyPolicy.Default;
    private bool _policyPushPending;
    private bool _usedForMoreThanPolicy;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _book = new ContactBook(UserGrainKey.Decode(this.GetPrimaryKeyString()), options.Value);
        _policy = ContactBook.ToPrivacyPolicy(state.State);
        return Task.CompletedTask;
    }

    Task<ContactList> IContactListGrain.GetAsync() => Task.FromResult(ContactBook.ToContactList(state.State));

    Task<ContactListChanges> IContactListGrain.GetChangesAsync(long sinceVersion) =>
        Task.FromResult(ContactBook.ChangesSince(state.State, sinceVersion));

    async Task<ContactGroup> IContactListGrain.CreateGroupAsync(string name)
    {
        var (next, group) = _book.CreateGroup(state.State, name);
        await CommitAsync(next);
        return group;
    }

    Task<long> IContactListGrain.RenameGroupAsync(int groupId, string name) => CommitAsync(_book.RenameGroup(state.State, groupId, name));

    Task<long> IContactListGrain.DeleteGroupAsync(int groupId) => CommitAsync(_book.DeleteGroup(state.State, groupId));

    Task<long> IContactListGrain.SetContactAsync(Contact contact) => CommitAsync(_book.SetContact(state.State, contact));

    Task<long> IContactListGrain.RemoveContactAsync(string uri) => CommitAsync(_book.RemoveContact(state.State, uri));

    Task<long> IContactListGrain.SetAccessLevelAsync(string uri, AccessLevel? level) =>
        CommitAsync(_book.SetAccessLevel(state.State, uri, level));

    Task<long> IContactListGrain.SetPrivacyModeAsync(bool enabled) => CommitAsync(_book.SetPrivacyMode(state.State, enabled));

    Task<ContactListRecord> IContactListStoreGrain.GetRecordAsync() => Task.FromResult(state.State);

    async Task<MailboxEditResult> IContactListStoreGrain.ApplyFromMailboxAsync(MailboxListEdit edit)
    {
        var (next, overLimit, rejected) = _book.ApplyFromMailbox(state.State, edit);
        await CommitAsync(next, fromCluster: false);
        return new MailboxEditResult(state.State.Version, overLimit, rejected);
    }

    async Task IContactListStoreGrain.SetInMailboxAsync(bool inMailbox)
    {
        if (state.State.InMailbox != inMailbox)
        {
            await state.WriteOrRevertAsync(state.State with { InMailbox = inMailbox });
        }
    }

    Task<PrivacyPolicy> IPrivacyPolicySourceGrain.GetPrivacyPolicyAsync()
    {
        // A presence grain asks for the policy when it activates; most users' contact lists are needed for nothing
        // else, so an activation made only for that leaves at once instead of holding memory for every online user.
        if (!_usedForMoreThanPolicy)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(_policy);
    }

    /// <summary>Any call of the list's own interface keeps this activation: it serves the list, not only the policy.</summary>
    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod.DeclaringType == typeof(IContactListGrain) || context.InterfaceMethod.DeclaringType == typeof(IContactListStoreGrain))
        {
            _usedForMoreThanPolicy = true;
        }

        return context.Invoke();
    }

    /// <summary>
    /// Makes <paramref name="next"/> durable and pushes its privacy policy. An edit made through the cluster
    /// (<paramref name="fromCluster"/>) of a list that lives in the mailbox is then handed to the user's contact store,
    /// which writes it to the mailbox; until it has, the durable change log is its outbox.
    /// </summary>
    private async Task<long> CommitAsync(ContactListRecord next, bool fromCluster = true)
    {
        var previous = state.State;
        if (ReferenceEquals(next, previous))
        {
            await PushPendingPolicyAsync();
            return previous.Version;
        }

        await state.WriteOrRevertAsync(next);

        var policy = ContactBook.ToPrivacyPolicy(next);
        if (_policyPushPending || !SamePolicy(policy, _policy))
        {
            _policy = policy;
            _policyPushPending = true;
            await PushPendingPolicyAsync();
        }

        if (fromCluster && next.InMailbox)
        {
            await GrainFactory.GetGrain<IContactStoreGrain>(this.GetPrimaryKeyString()).ListChangedAsync();
        }

        return next.Version;
    }

    /// <summary>
    /// Hands the committed policy to the presence grain, so a new access level counts at once. The write is already
    /// durable, so a failed push does not fail the call: it is retried with the next call, and the presence grain
    /// pulls the policy whenever it activates.
    /// </summary>
    private async Task PushPendingPolicyAsync()
    {
        if (!_policyPushPending)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IPresenceMaintenanceGrain>(this.GetPrimaryKeyString()).ApplyPrivacyPolicyAsync(_policy);
            _policyPushPending = false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPolicyPushFailed(logger, exception, _policy.Version);
        }
    }

    private static bool SamePolicy(PrivacyPolicy left, PrivacyPolicy right)
    {
        if (left.PrivacyMode != right.PrivacyMode || left.Contacts.Count != right.Contacts.Count)
        {
            return false;
        }

        foreach (var (uri, level) in left.Contacts)
        {
            if (!right.Contacts.TryGetValue(uri, out var other) || other != level)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand privacy policy version {Version} to the presence grain; it is retried with the next contact-list call.")]
    private static partial void LogPolicyPushFailed(ILogger logger, Exception exception, long version);
}
