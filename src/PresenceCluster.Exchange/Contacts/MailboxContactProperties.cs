using System.Globalization;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// What the cluster keeps on a contact item in a mailbox beyond Outlook's own fields: named single-value extended
/// properties under one fixed property set (MAPI named properties, ids in Graph's <c>"{type} {guid} Name {name}"</c>
/// form). The set's GUID is the cluster's and never changes: every item ever written carries it.
/// </summary>
public static class MailboxContactProperties
{
    /// <summary>The cluster's property set.</summary>
    public static readonly Guid PropertySet = new("5b6c0f0e-7a43-4d1f-9c2e-3f8a1d6b4e72");

    /// <summary>The contact's SIP URI (<c>sip:bob@contoso.com</c>).</summary>
    public static readonly string SipUri = Id("String", "SipUri");

    /// <summary>The access level the owner grants the contact (<c>External</c> … <c>Blocked</c>); absent: the default.</summary>
    public static readonly string AccessLevel = Id("String", "AccessLevel");

    /// <summary>The ids of the contact's groups in the cluster's list, comma-separated (the groups' names go to Outlook's categories).</summary>
    public static readonly string GroupIds = Id("String", "GroupIds");

    /// <summary>The contact's tags as their number.</summary>
    public static readonly string Tags = Id("Integer", "Tags");

    /// <summary>Whether the contact is a favourite (<c>true</c>/<c>false</c>).</summary>
    public static readonly string Favourite = Id("Boolean", "Favourite");

    /// <summary>Every property the cluster writes, for <c>$expand=singleValueExtendedProperties($filter=…)</c>.</summary>
    public static IReadOnlyList<string> All { get; } = [SipUri, AccessLevel, GroupIds, Tags, Favourite];

    private static string Id(string type, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{type} {{{PropertySet}}} Name PresenceCluster.{name}");
}
