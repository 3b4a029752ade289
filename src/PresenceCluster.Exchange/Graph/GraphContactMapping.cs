using PresenceCluster.Exchange.Contacts;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.Exchange.Graph;

/// <summary>Graph's <c>contact</c> ↔ <see cref="MailboxContactItem"/>: Outlook's fields and the cluster's single-value extended properties. Pure.</summary>
public static class GraphContactMapping
{
    /// <summary>The fields the connector reads (and <c>$select</c>s in delta).</summary>
    public static readonly string[] Fields = ["id", "changeKey", "displayName", "emailAddresses", "imAddresses", "categories"];

    /// <summary>
    /// <c>$expand</c> of the cluster's properties; Graph cannot list an item's extended properties, only return the ones a
    /// filter names.
    /// </summary>
    public static string ExpandProperties(IEnumerable<string> names) =>
        $"singleValueExtendedProperties($filter={string.Join(" or ", names.Select(name => $"id eq '{MailboxContactProperties.GraphId(name)}'"))})";

    /// <summary>The item a Graph contact is.</summary>
    public static MailboxContactItem ToItem(GraphModels.Contact contact) => new()
    {
        Id = contact.Id ?? string.Empty,
        ChangeKey = contact.ChangeKey ?? string.Empty,
        DisplayName = contact.DisplayName,
        EmailAddresses = [.. (contact.EmailAddresses ?? []).Select(email => email.Address).OfType<string>()],
        ImAddresses = [.. (contact.ImAddresses ?? []).OfType<string>()],
        Categories = [.. (contact.Categories ?? []).OfType<string>()],
        Properties = (contact.SingleValueExtendedProperties ?? [])
            .Select(property => (Name: MailboxContactProperties.NameOfGraphId(property.Id), property.Value))
            .Where(property => property.Name is not null && property.Value is not null)
            .GroupBy(property => property.Name!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Value!, StringComparer.Ordinal),
    };

    /// <summary>The Graph contact to write for an item (every field the cluster owns, so that a PATCH replaces them all).</summary>
    public static GraphModels.Contact ToGraph(MailboxContactItem item) => new()
    {
        DisplayName = item.DisplayName,
        EmailAddresses = [.. item.EmailAddresses.Select(address => new GraphModels.EmailAddress { Address = address, Name = item.DisplayName })],
        ImAddresses = [.. item.ImAddresses],
        Categories = [.. item.Categories],
        SingleValueExtendedProperties = [.. item.Properties.Select(property => new GraphModels.SingleValueLegacyExtendedProperty { Id = MailboxContactProperties.GraphId(property.Key), Value = property.Value })],
    };

    /// <summary>Whether a delta item is Graph's removal (<c>"@removed": {"reason": …}</c>).</summary>
    public static bool IsRemoval(GraphModels.Contact contact) => contact.AdditionalData?.ContainsKey("@removed") == true;
}
