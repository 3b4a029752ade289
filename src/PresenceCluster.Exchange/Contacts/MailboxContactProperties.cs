using System.Globalization;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// What the cluster keeps on a contact item (and on the list's folder) beyond Outlook's own fields: named
/// single-value extended properties (MAPI named properties) under one fixed property set. The set's GUID is the
/// cluster's and never changes: every item ever written carries it. Graph names a property
/// <c>"{type} {guid} Name {name}"</c>; EWS by <c>ExtendedFieldURI PropertySetId PropertyName PropertyType</c>.
/// </summary>
public static class MailboxContactProperties
{
    /// <summary>The cluster's property set.</summary>
    public static readonly Guid PropertySet = new("5b6c0f0e-7a43-4d1f-9c2e-3f8a1d6b4e72");

    /// <summary>The contact's SIP URI (<c>sip:bob@contoso.com</c>).</summary>
    public const string SipUri = "SipUri";

    /// <summary>The access level the owner grants the contact (<c>External</c> … <c>Blocked</c>); absent: the default.</summary>
    public const string AccessLevel = "AccessLevel";

    /// <summary>The ids of the contact's groups in the cluster's list, comma-separated (the groups' names go to Outlook's categories).</summary>
    public const string GroupIds = "GroupIds";

    /// <summary>The contact's tags as their number.</summary>
    public const string Tags = "Tags";

    /// <summary>Whether the contact is a favourite (<c>true</c>/<c>false</c>).</summary>
    public const string Favourite = "Favourite";

    /// <summary>On the folder: the list's groups and privacy mode (<see cref="ListMetadata"/>, JSON).</summary>
    public const string List = "List";

    /// <summary>Every property the cluster writes on a contact item.</summary>
    public static IReadOnlyList<string> OfContacts { get; } = [SipUri, AccessLevel, GroupIds, Tags, Favourite];

    /// <summary>Every property's MAPI type as EWS and Graph name it; all are strings, so that both read them back as written.</summary>
    public const string Type = "String";

    /// <summary>A property's Graph id (<c>String {5b6c0f0e-…} Name PresenceCluster.SipUri</c>).</summary>
    public static string GraphId(string name) => string.Create(CultureInfo.InvariantCulture, $"{Type} {{{PropertySet}}} Name {EwsName(name)}");

    /// <summary>A property's MAPI name (<c>PresenceCluster.SipUri</c>), as EWS's <c>PropertyName</c>.</summary>
    public static string EwsName(string name) => "PresenceCluster." + name;

    /// <summary>The short name of a Graph id this set holds; null for any other property.</summary>
    public static string? NameOfGraphId(string? id)
    {
        var prefix = GraphId(string.Empty);
        return id is not null && id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? id[prefix.Length..] : null;
    }
}
