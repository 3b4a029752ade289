using System.Globalization;
using System.Net.Mail;
using PresenceCluster.Contacts;
using PresenceCluster.Identity;
using PresenceCluster.Privacy;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// A contact of the cluster's list ↔ a contact item in the user's mailbox (Graph's <c>contact</c>). Outlook shows the
/// display name, the e-mail and IM addresses and, as categories, the names of the contact's groups; everything else
/// the cluster needs rides in <see cref="MailboxContactProperties"/>. Read back, the cluster's own properties win; a
/// contact created in Outlook without them gets its SIP address from its IM address (<c>sip:…</c>) or, by the
/// mailbox addressing rule reversed, from an e-mail address in the mail domain — or stays out of presence (null).
/// </summary>
public sealed class MailboxContactMapping(string sipDomain, string mailDomain)
{
    /// <summary>The mailbox item for <paramref name="contact"/> of a list whose groups are <paramref name="groups"/>.</summary>
    public GraphModels.Contact ToMailbox(Contact contact, IReadOnlyList<ContactGroup> groups)
    {
        var uri = Identity.SipUri.Parse(contact.Uri, "contact.Uri");
        var names = contact.GroupIds.Select(id => groups.FirstOrDefault(group => group.Id == id)?.Name).OfType<string>().ToList();
        List<GraphModels.SingleValueLegacyExtendedProperty> properties =
        [
            new() { Id = MailboxContactProperties.SipUri, Value = uri.Value },
            new() { Id = MailboxContactProperties.GroupIds, Value = string.Join(',', contact.GroupIds.Select(id => id.ToString(CultureInfo.InvariantCulture))) },
            new() { Id = MailboxContactProperties.Tags, Value = ((int)contact.Tags).ToString(CultureInfo.InvariantCulture) },
            new() { Id = MailboxContactProperties.Favourite, Value = contact.IsFavourite ? "true" : "false" },
        ];
        if (contact.AccessLevel is { } level)
        {
            properties.Add(new() { Id = MailboxContactProperties.AccessLevel, Value = level.ToString() });
        }

        return new GraphModels.Contact
        {
            DisplayName = contact.DisplayName ?? uri.Address,
            EmailAddresses = [new GraphModels.EmailAddress { Address = MailAddressOf(uri), Name = contact.DisplayName ?? uri.Address }],
            ImAddresses = [uri.Value],
            Categories = names,
            SingleValueExtendedProperties = properties,
        };
    }

    /// <summary>
    /// The contact a mailbox item stands for, its groups resolved against <paramref name="groups"/> (by the stored ids,
    /// else by category name); null when the item has no SIP address the cluster can find or derive.
    /// </summary>
    public Contact? FromMailbox(GraphModels.Contact item, IReadOnlyList<ContactGroup> groups)
    {
        var properties = (item.SingleValueExtendedProperties ?? [])
            .Where(property => property.Id is not null)
            .GroupBy(property => property.Id!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Value, StringComparer.OrdinalIgnoreCase);
        if (SipOf(item, properties) is not { } uri)
        {
            return null;
        }

        var known = groups.Select(group => group.Id).ToHashSet();
        var groupIds = properties.GetValueOrDefault(MailboxContactProperties.GroupIds) is { Length: > 0 } stored
            ? stored.Split(',').Select(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(known.Contains).Distinct().ToList()
            : (item.Categories ?? []).Select(name => groups.FirstOrDefault(group => string.Equals(group.Name, name, StringComparison.OrdinalIgnoreCase))?.Id).OfType<int>().Distinct().ToList();
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
    private Identity.SipUri? SipOf(GraphModels.Contact item, Dictionary<string, string?> properties)
    {
        var candidates = new[] { properties.GetValueOrDefault(MailboxContactProperties.SipUri) }
            .Concat((item.ImAddresses ?? []).Where(address => address?.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) == true))
            .Concat((item.EmailAddresses ?? []).Select(email => SipFromMail(email.Address)));
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
