using System.Net.Mail;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Storage;

namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>The cluster's mailbox overrides, durable; the pollers read them once per round, a user's contact store its user's.</summary>
internal sealed class MailboxOverrideGrain(
    [PersistentState(StorageNames.MailboxOverrideState, StorageNames.Provider)] IPersistentState<MailboxOverrideRecord> state)
    : Grain, IMailboxOverrideGrain
{
    async Task IMailboxOverrideGrain.SetAsync(string user, string? mailbox)
    {
        var key = SipUri.Parse(user, "user").Value;
        var next = new Dictionary<string, string>(state.State.Mailboxes, StringComparer.Ordinal);
        if (mailbox is null)
        {
            if (!next.Remove(key))
            {
                return;
            }
        }
        else
        {
            if (mailbox.Length > 256 || !MailAddress.TryCreate(mailbox, out var address) || address.Address != mailbox || address.DisplayName.Length > 0)
            {
                throw new InvalidInputException("mailbox", $"'{mailbox}' is not an SMTP address such as robert.smith@contoso.com");
            }

            if (!next.ContainsKey(key) && next.Count >= IMailboxOverrideGrain.MaxOverrides)
            {
                throw new LimitReachedException("mailbox overrides", IMailboxOverrideGrain.MaxOverrides);
            }

            next[key] = mailbox;
        }

        await state.WriteOrRevertAsync(new MailboxOverrideRecord { Mailboxes = next });
    }

    Task<string?> IMailboxOverrideGrain.GetAsync(string user) => Task.FromResult(state.State.Mailboxes.GetValueOrDefault(user));

    Task<Dictionary<string, string>> IMailboxOverrideGrain.ListAsync() =>
        Task.FromResult(new Dictionary<string, string>(state.State.Mailboxes, StringComparer.Ordinal));
}

/// <summary>The overrides' durable state.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.MailboxOverrideRecord")]
public sealed record class MailboxOverrideRecord
{
    /// <summary>Mailbox addresses by normalised SIP URI.</summary>
    [Id(0)] public Dictionary<string, string> Mailboxes { get; init; } = new(StringComparer.Ordinal);
}
