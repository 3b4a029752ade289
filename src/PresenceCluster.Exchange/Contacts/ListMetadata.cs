using System.Text.Json;
using System.Text.Json.Serialization;
using PresenceCluster.Contacts;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// What of a list is not on any contact item — its groups (with their ids) and privacy mode — kept as one property
/// (<see cref="MailboxContactProperties.List"/>) on the list's folder, as JSON. Lync kept the same in a hidden folder.
/// </summary>
public sealed record class ListMetadata
{
    /// <summary>The longest value read: 64 groups of 128 characters fit many times over.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The groups.</summary>
    public IReadOnlyList<ContactGroup> Groups { get; init; } = [];

    /// <summary>Privacy mode.</summary>
    public bool PrivacyMode { get; init; }

    /// <summary>The metadata of a list record.</summary>
    public static ListMetadata Of(ContactListRecord record) => new() { Groups = record.Groups, PrivacyMode = record.PrivacyMode };

    /// <summary>The property's value.</summary>
    public string Serialize() => JsonSerializer.Serialize(new Stored(Groups.Select(g => new StoredGroup(g.Id, g.Name)).ToList(), PrivacyMode), Json);

    /// <summary>The metadata a property value holds; null when it is missing, too long or not the cluster's JSON (a folder no cluster wrote).</summary>
    public static ListMetadata? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Stored>(value, Json) is { Groups: { } groups } stored
                ? new ListMetadata { Groups = [.. groups.Where(g => g.Name is not null).Select(g => new ContactGroup { Id = g.Id, Name = g.Name! })], PrivacyMode = stored.PrivacyMode }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether both hold the same groups and mode.</summary>
    public bool SameAs(ListMetadata other) =>
        PrivacyMode == other.PrivacyMode && Groups.Count == other.Groups.Count && Groups.Zip(other.Groups).All(pair => pair.First.Id == pair.Second.Id && pair.First.Name == pair.Second.Name);

    private sealed record class Stored(List<StoredGroup>? Groups, bool PrivacyMode);

    private sealed record class StoredGroup(int Id, string? Name);
}
