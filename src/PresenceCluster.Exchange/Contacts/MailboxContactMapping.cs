using System.Globalization;
using System.Net.Mail;
using PresenceCluster.Contacts;
using PresenceCluster.Privacy;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// A contact of the cluster's list ↔ a contact item in the user's mailbox. Outlook shows the display name, the e-mail
/// and IM addresses and, as categories, the names of the contact's groups; everything else the cluster needs rides in
/// <see cref="MailboxContactProperties"/>. Read back, group membership comes from the categories (what Outlook's user
/// sees and edits) and the rest from the cluster's properties; a contact created in Outlook without them gets its SIP
/// address from its IM address (<c>sip:…</c>) or, by the mailbox addressing rule reversed, from an e-mail address in
/// the mail domain — or stays out of presence (null).
/// </summary>
public sealed class MailboxContactMapping(string sipDomain, string mailDomain)
{
    /// <summary>The mailbox item for <paramref name="contact"/> of a list whose groups are <paramref name="groups"/> (no id yet).</summary>
    public MailboxContactItem ToMailbox(Contact contact, IReadOnlyList<ContactGroup> groups)
    {
        var uri = Identity.SipUri.Parse(contact.Uri, "contact.Uri");
        var names = contact.GroupIds.Select(id => groups.FirstOrDefault(group => group.Id == id)?.Name).OfType<string>().ToList();
        var properties = new Dictionary<string, string>
        {
            [MailboxContactProperties.SipUri] = uri.Value,
            [MailboxContactProperties.GroupIds] = string.Join(',', contact.GroupIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            [MailboxContactProperties.Tags] = ((int)contact.Tags).ToString(CultureInfo.InvariantCulture),
            [MailboxContactProperties.Favourite] = contact.IsFavourite ? "true" : "false",
            [MailboxContactProperties.AccessLevel] = contact.AccessLevel?.ToString() ?? string.Empty,
        };
        return new MailboxContactItem
        {
            DisplayName = contact.DisplayName ?? uri.Address,
            EmailAddresses = [MailAddressOf(uri)],
            ImAddresses = [uri.Value],
            Categories = names,
            Properties = properties,
        };
    }

    /// <summary>
    /// The contact a mailbox item stands for, its groups resolved by category name against <paramref name="groups"/>;
    /// null when the item has no SIP address the cluster can find or derive.
    /// </summary>
    public Contact? FromMailbox(MailboxContactItem item, IReadOnlyList<ContactGroup> groups)
    {
        var properties = item.Properties;
        if (SipOf(item) is not { } uri)
        {
            return null;
        }

        var groupIds = item.Categories
            .Select(name => groups.FirstOrDefault(group => string.Equals(group.Name, name, StringComparison.OrdinalIgnoreCase))?.Id)
            .OfType<int>().Distinct().Order().ToList();
        var displayName = item.DisplayName is { Length: > 0 } name ? name[..Math.Min(name.Length, Contact.MaxDisplayNameLength)] : null;
        return new Contact
        {
            Uri = uri.Value,
            DisplayName = displayName,
            GroupIds = groupIds,
            AccessLevel = Enum.TryParse<AccessLevel>(properties.GetValueOrDefault(MailboxContactProperties.AccessLevel), ignoreCase: false, out var level) && Enum.IsDefined(level) ? level : null,
            Tags = int.TryParse(properties.GetValueOrDefault(MailboxContactProperties.Tags), NumberStyles.None, CultureInfo.InvariantCulture, out var tags) ? (ContactTags)tags & ContactTags.NotifyWhenAvailable : ContactTags.None,
            IsFavourite = bool.TryParse(properties.GetValueOrDefault(MailboxContactProperties.Favourite), out var favourite) && favourite,
        };
    }

    /// <summary>The SIP address: the cluster's property, else an IM address <c>sip:…</c>, else an e-mail address in the mail domain.</summary>
    public Identity.SipUri? SipOf(MailboxContactItem item)
    {
        var candidates = new[] { item.Properties.GetValueOrDefault(MailboxContactProperties.SipUri) }
            .Concat(item.ImAddresses.Where(address => address.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)))
            .Concat(item.EmailAddresses.Select(SipFromMail));
        foreach (var candidate in candidates)
        {
            if (candidate is not null && Identity.SipUri.TryParse(candidate, out var uri))
            {
                return uri;
            }
        }

        return null;
    }

    /// <summary>The addressing rule reversed: <c>bob@mail.contoso.com</c> → <c>sip:bob@contoso.com</c> when the mail domain is the cluster's.</summary>
    private string? SipFromMail(string? address)
    {
        if (address is null || !MailAddress.TryCreate(address, out var mail))
        {
            return null;
        }

        var domain = mailDomain.Length > 0 ? mailDomain : sipDomain;
        return string.Equals(mail.Host, domain, StringComparison.OrdinalIgnoreCase) ? $"sip:{mail.User}@{sipDomain}" : null;
    }

    private string MailAddressOf(Identity.SipUri uri) =>
        string.Equals(uri.Domain, sipDomain, StringComparison.OrdinalIgnoreCase) && mailDomain.Length > 0 ? $"{uri.User}@{mailDomain}" : uri.Address;
}
