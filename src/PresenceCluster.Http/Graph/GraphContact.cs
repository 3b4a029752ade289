using System.Text.Json.Serialization;
using PresenceCluster.Contacts;
using PresenceCluster.Identity;
using PresenceCluster.Privacy;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Microsoft Graph's <c>contact</c> resource for one entry of a user's contact list: the id is the contact's address
/// (<c>bob@contoso.com</c>), the SIP URI is in <c>imAddresses</c>, the address again in <c>emailAddresses</c>, the
/// groups are <c>categories</c>, and the access level the owner grants is the extension field
/// <c>presenceAccessLevel</c> (External, Colleagues, Workgroup, FriendsAndFamily, Blocked; absent: the default).
/// </summary>
public sealed record class GraphContact(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("imAddresses")] IReadOnlyList<string> ImAddresses,
    [property: JsonPropertyName("emailAddresses")] IReadOnlyList<GraphContact.EmailAddress> EmailAddresses,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("parentFolderId")] string ParentFolderId,
    [property: JsonPropertyName("presenceAccessLevel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PresenceAccessLevel)
{
    /// <summary>The one contact folder: the contact list.</summary>
    public const string FolderId = "contacts";

    /// <summary>Graph's emailAddress.</summary>
    public sealed record class EmailAddress(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name);

    /// <summary>The Graph contact of <paramref name="contact"/>, its groups named from <paramref name="groups"/>.</summary>
    public static GraphContact From(Contact contact, IReadOnlyList<ContactGroup> groups)
    {
        var uri = SipUri.Parse(contact.Uri);
        var address = uri.Address;
        return new GraphContact(
            address,
            contact.DisplayName,
            [uri.Value],
            [new EmailAddress(address, contact.DisplayName)],
            [.. contact.GroupIds.Select(id => groups.FirstOrDefault(g => g.Id == id)?.Name).OfType<string>()],
            FolderId,
            contact.AccessLevel?.ToString());
    }

    /// <summary>The SIP URI a contact written by a Graph client names: its first IM address, else its first e-mail address.</summary>
    /// <exception cref="PresenceCluster.Errors.InvalidInputException">Neither names a user.</exception>
    public static SipUri UserOf(IReadOnlyList<string>? imAddresses, IReadOnlyList<EmailAddress>? emailAddresses)
    {
        var address = imAddresses?.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a)) ?? (emailAddresses is { Count: > 0 } ? emailAddresses[0].Address : null);
        return address is null
            ? throw new PresenceCluster.Errors.InvalidInputException("imAddresses", "and emailAddresses name no user; give a SIP address in imAddresses or an address in emailAddresses")
            : Users.UserIdentity.Parse(address, "imAddresses");
    }

    /// <summary>An access level by its name, or null for none (the default).</summary>
    /// <exception cref="PresenceCluster.Errors.InvalidInputException">It is not a level's name.</exception>
    public static AccessLevel? AccessLevelOf(string? name) =>
        string.IsNullOrEmpty(name) ? null
        : Enum.TryParse<AccessLevel>(name, ignoreCase: true, out var level) && Enum.IsDefined(level) ? level
        : throw new PresenceCluster.Errors.InvalidInputException("presenceAccessLevel", $"is '{name}'; allowed are {string.Join(", ", Enum.GetNames<AccessLevel>())} or none for the default");
}
