using System.Globalization;
using System.Xml.Linq;
using PresenceCluster.Exchange.Contacts;

namespace PresenceCluster.Exchange.Ews;

/// <summary>
/// The EWS operations of the unified contact store, as SOAP 1.1 envelopes (element order as the schema's sequences)
/// and their answers: FindFolder/CreateFolder under <c>contacts</c>, GetFolder/UpdateFolder for the list's property on
/// the folder, SyncFolderItems, GetItem, CreateItem, UpdateItem (<c>NeverOverwrite</c>: a stale change key is
/// <c>ErrorIrresolvableConflict</c>) and DeleteItem. The cluster's properties are named properties of its property set
/// (<c>ExtendedFieldURI PropertySetId PropertyName PropertyType="String"</c>). Pure: strings in, records out.
/// </summary>
public static class EwsContactSoap
{
    /// <summary>Changes per SyncFolderItems answer (EWS allows 1–512).</summary>
    public const int MaxChangesReturned = 512;

    private static readonly XNamespace M = EwsSoap.Messages;
    private static readonly XNamespace T = EwsSoap.Types;

    /// <summary>FindFolder: the contact folders directly under the default Contacts folder.</summary>
    public static string FindFolders(string mailbox, string version) => EwsSoap.Envelope(version,
        new XElement(M + "FindFolder", new XAttribute("Traversal", "Shallow"),
            new XElement(M + "FolderShape", new XElement(T + "BaseShape", "Default")),
            new XElement(M + "ParentFolderIds", Contacts(mailbox))));

    /// <summary>CreateFolder: a contacts folder named <paramref name="displayName"/> under the default Contacts folder.</summary>
    public static string CreateFolder(string mailbox, string displayName, string version) => EwsSoap.Envelope(version,
        new XElement(M + "CreateFolder",
            new XElement(M + "ParentFolderId", Contacts(mailbox)),
            new XElement(M + "Folders", new XElement(T + "ContactsFolder", new XElement(T + "DisplayName", displayName)))));

    /// <summary>GetFolder with the list's property.</summary>
    public static string GetFolderListProperty(string folderId, string version) => EwsSoap.Envelope(version,
        new XElement(M + "GetFolder",
            new XElement(M + "FolderShape", new XElement(T + "BaseShape", "IdOnly"), new XElement(T + "AdditionalProperties", FieldUri(MailboxContactProperties.List))),
            new XElement(M + "FolderIds", new XElement(T + "FolderId", new XAttribute("Id", folderId)))));

    /// <summary>UpdateFolder setting the list's property.</summary>
    public static string SetFolderListProperty(string folderId, string value, string version) => EwsSoap.Envelope(version,
        new XElement(M + "UpdateFolder",
            new XElement(M + "FolderChanges",
                new XElement(T + "FolderChange",
                    new XElement(T + "FolderId", new XAttribute("Id", folderId)),
                    new XElement(T + "Updates",
                        new XElement(T + "SetFolderField", FieldUri(MailboxContactProperties.List),
                            new XElement(T + "ContactsFolder", Property(MailboxContactProperties.List, value))))))));

    /// <summary>SyncFolderItems of the folder from <paramref name="syncState"/> (none: from the beginning), items with the cluster's properties.</summary>
    public static string SyncFolderItems(string folderId, string? syncState, string version) => EwsSoap.Envelope(version,
        new XElement(M + "SyncFolderItems",
            ItemShape(M + "ItemShape"),
            new XElement(M + "SyncFolderId", new XElement(T + "FolderId", new XAttribute("Id", folderId))),
            syncState is null ? null : new XElement(M + "SyncState", syncState),
            new XElement(M + "MaxChangesReturned", MaxChangesReturned.ToString(CultureInfo.InvariantCulture)),
            new XElement(M + "SyncScope", "NormalItems")));

    /// <summary>GetItem of one item with the cluster's properties.</summary>
    public static string GetItem(string itemId, string version) => EwsSoap.Envelope(version,
        new XElement(M + "GetItem", ItemShape(M + "ItemShape"), new XElement(M + "ItemIds", new XElement(T + "ItemId", new XAttribute("Id", itemId)))));

    /// <summary>CreateItem of a contact in the folder.</summary>
    public static string CreateItem(string folderId, MailboxContactItem item, string version) => EwsSoap.Envelope(version,
        new XElement(M + "CreateItem",
            new XElement(M + "SavedItemFolderId", new XElement(T + "FolderId", new XAttribute("Id", folderId))),
            new XElement(M + "Items", ContactElement(item))));

    /// <summary>UpdateItem replacing every field the cluster owns, failing if the change key is stale.</summary>
    public static string UpdateItem(MailboxContactItem item, string version)
    {
        var updates = new List<XElement>
        {
            item.Categories.Count == 0
                ? new XElement(T + "DeleteItemField", new XElement(T + "FieldURI", new XAttribute("FieldURI", "item:Categories")))
                : SetField(new XElement(T + "FieldURI", new XAttribute("FieldURI", "item:Categories")), new XElement(T + "Categories", item.Categories.Select(name => new XElement(T + "String", name)))),
        };
        updates.AddRange(item.Properties.Select(property => SetField(FieldUri(property.Key), Property(property.Key, property.Value))));
        updates.Add(SetField(new XElement(T + "FieldURI", new XAttribute("FieldURI", "contacts:DisplayName")), new XElement(T + "DisplayName", item.DisplayName ?? string.Empty)));
        if (item.EmailAddresses.Count > 0 && item.EmailAddresses[0] is { } mail)
        {
            updates.Add(SetField(Indexed("contacts:EmailAddress", "EmailAddress1"), new XElement(T + "EmailAddresses", new XElement(T + "Entry", new XAttribute("Key", "EmailAddress1"), mail))));
        }

        if (item.ImAddresses.Count > 0 && item.ImAddresses[0] is { } im)
        {
            updates.Add(SetField(Indexed("contacts:ImAddress", "ImAddress1"), new XElement(T + "ImAddresses", new XElement(T + "Entry", new XAttribute("Key", "ImAddress1"), im))));
        }

        return EwsSoap.Envelope(version,
            new XElement(M + "UpdateItem", new XAttribute("MessageDisposition", "SaveOnly"), new XAttribute("ConflictResolution", "NeverOverwrite"),
                new XElement(M + "ItemChanges",
                    new XElement(T + "ItemChange",
                        new XElement(T + "ItemId", new XAttribute("Id", item.Id), new XAttribute("ChangeKey", item.ChangeKey)),
                        new XElement(T + "Updates", updates)))));
    }

    /// <summary>DeleteItem, to Deleted Items (where a user can still find it).</summary>
    public static string DeleteItem(string itemId, string version) => EwsSoap.Envelope(version,
        new XElement(M + "DeleteItem", new XAttribute("DeleteType", "MoveToDeletedItems"),
            new XElement(M + "ItemIds", new XElement(T + "ItemId", new XAttribute("Id", itemId)))));

    /// <summary>The contacts folder named <paramref name="displayName"/> in a FindFolder answer; null when there is none.</summary>
    /// <exception cref="FormatException">Not FindFolder's shape, or an error.</exception>
    public static string? ParseFoundFolder(string xml, string displayName) =>
        Message(xml, "FindFolder").Element(M + "RootFolder")?.Element(T + "Folders")?.Elements()
            .FirstOrDefault(folder => string.Equals(folder.Element(T + "DisplayName")?.Value, displayName, StringComparison.OrdinalIgnoreCase))
            ?.Element(T + "FolderId")?.Attribute("Id")?.Value;

    /// <summary>The new folder's id in a CreateFolder answer; null when a folder of that name exists already (<c>ErrorFolderExists</c>).</summary>
    public static string? ParseCreatedFolder(string xml)
    {
        var message = Message(xml, "CreateFolder", tolerate: "ErrorFolderExists");
        return EwsSoap.ErrorOf(message) is null
            ? message.Element(M + "Folders")?.Elements().FirstOrDefault()?.Element(T + "FolderId")?.Attribute("Id")?.Value ?? throw new FormatException("CreateFolder answered no FolderId.")
            : null;
    }

    /// <summary>The list's property in a GetFolder answer; null when the folder has none.</summary>
    public static string? ParseFolderListProperty(string xml) =>
        PropertiesOf(Message(xml, "GetFolder").Element(M + "Folders")?.Elements().FirstOrDefault()).GetValueOrDefault(MailboxContactProperties.List);

    /// <summary>Checks an answer that carries nothing but success (UpdateFolder, DeleteItem with <c>ErrorItemNotFound</c> tolerated).</summary>
    public static void ParseSuccess(string xml, string operation, string? tolerate = null) => Message(xml, operation, tolerate);

    /// <summary>A SyncFolderItems answer as a page of changes.</summary>
    public static ContactChangesPage ParseSyncFolderItems(string xml)
    {
        var message = Message(xml, "SyncFolderItems");
        var changes = message.Element(M + "Changes")?.Elements().ToList() ?? [];
        var changed = changes.Where(change => change.Name == T + "Create" || change.Name == T + "Update")
            .Select(change => change.Element(T + "Contact")).OfType<XElement>().Select(ToItem).ToList();
        var removed = changes.Where(change => change.Name == T + "Delete")
            .Select(change => change.Element(T + "ItemId")?.Attribute("Id")?.Value).OfType<string>().ToList();
        var state = message.Element(M + "SyncState")?.Value ?? throw new FormatException("SyncFolderItems answered no SyncState.");
        var last = message.Element(M + "IncludesLastItemInRange")?.Value ?? throw new FormatException("SyncFolderItems answered no IncludesLastItemInRange.");
        return new ContactChangesPage(changed, removed, state, MoreAvailable: last != "true", PropertiesIncluded: true);
    }

    /// <summary>The contact in a GetItem answer; null when it is gone.</summary>
    public static MailboxContactItem? ParseGetItem(string xml)
    {
        var message = Message(xml, "GetItem", tolerate: "ErrorItemNotFound");
        return EwsSoap.ErrorOf(message) is null && message.Element(M + "Items")?.Element(T + "Contact") is { } contact ? ToItem(contact) : null;
    }

    /// <summary>The id and change key in a CreateItem or UpdateItem answer.</summary>
    public static (string Id, string ChangeKey) ParseItemId(string xml, string operation)
    {
        var id = Message(xml, operation).Element(M + "Items")?.Elements().FirstOrDefault()?.Element(T + "ItemId");
        return (id?.Attribute("Id")?.Value, id?.Attribute("ChangeKey")?.Value) is ({ } itemId, { } changeKey)
            ? (itemId, changeKey)
            : throw new FormatException($"{operation} answered no ItemId with a ChangeKey.");
    }

    /// <summary>The response code of an answer's response message; null on success.</summary>
    public static string? ResponseCode(string xml, string operation)
    {
        try
        {
            return EwsSoap.ErrorOf(Message(xml, operation, tolerate: "*"));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A contact element as the item it is.</summary>
    public static MailboxContactItem ToItem(XElement contact) => new()
    {
        Id = contact.Element(T + "ItemId")?.Attribute("Id")?.Value ?? throw new FormatException("A Contact has no ItemId."),
        ChangeKey = contact.Element(T + "ItemId")?.Attribute("ChangeKey")?.Value ?? string.Empty,
        DisplayName = contact.Element(T + "DisplayName")?.Value,
        EmailAddresses = [.. Entries(contact.Element(T + "EmailAddresses"))],
        ImAddresses = [.. Entries(contact.Element(T + "ImAddresses"))],
        Categories = [.. contact.Element(T + "Categories")?.Elements(T + "String").Select(s => s.Value) ?? []],
        Properties = PropertiesOf(contact),
    };

    /// <summary>A contact element for an item (the schema's order: item part, then contact part).</summary>
    public static XElement ContactElement(MailboxContactItem item) => new(T + "Contact",
        item.Categories.Count == 0 ? null : new XElement(T + "Categories", item.Categories.Select(name => new XElement(T + "String", name))),
        item.Properties.Select(property => Property(property.Key, property.Value)),
        new XElement(T + "DisplayName", item.DisplayName ?? string.Empty),
        item.EmailAddresses.Count == 0 ? null : new XElement(T + "EmailAddresses", item.EmailAddresses.Take(3).Select((address, i) => new XElement(T + "Entry", new XAttribute("Key", $"EmailAddress{i + 1}"), address))),
        item.ImAddresses.Count == 0 ? null : new XElement(T + "ImAddresses", item.ImAddresses.Take(3).Select((address, i) => new XElement(T + "Entry", new XAttribute("Key", $"ImAddress{i + 1}"), address))));

    /// <summary>The <c>ExtendedFieldURI</c> of one of the cluster's properties.</summary>
    public static XElement FieldUri(string name) => new(T + "ExtendedFieldURI",
        new XAttribute("PropertySetId", MailboxContactProperties.PropertySet.ToString()),
        new XAttribute("PropertyName", MailboxContactProperties.EwsName(name)),
        new XAttribute("PropertyType", MailboxContactProperties.Type));

    /// <summary>The cluster's properties on an element, by short name.</summary>
    public static Dictionary<string, string> PropertiesOf(XElement? element)
    {
        var prefix = MailboxContactProperties.EwsName(string.Empty);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element?.Elements(T + "ExtendedProperty") ?? [])
        {
            var uri = property.Element(T + "ExtendedFieldURI");
            if (Guid.TryParse((string?)uri?.Attribute("PropertySetId"), out var set) && set == MailboxContactProperties.PropertySet
                && (string?)uri?.Attribute("PropertyName") is { } name && name.StartsWith(prefix, StringComparison.Ordinal)
                && property.Element(T + "Value")?.Value is { } value)
            {
                properties[name[prefix.Length..]] = value;
            }
        }

        return properties;
    }

    private static XElement ItemShape(XName name) => new(name,
        new XElement(T + "BaseShape", "AllProperties"),
        new XElement(T + "AdditionalProperties", MailboxContactProperties.OfContacts.Select(FieldUri)));

    private static XElement Property(string name, string value) => new(T + "ExtendedProperty", FieldUri(name), new XElement(T + "Value", value));

    private static XElement SetField(XElement field, XElement value) => new(T + "SetItemField", field, new XElement(T + "Contact", value));

    private static XElement Indexed(string field, string index) => new(T + "IndexedFieldURI", new XAttribute("FieldURI", field), new XAttribute("FieldIndex", index));

    private static XElement Contacts(string mailbox) =>
        new(T + "DistinguishedFolderId", new XAttribute("Id", "contacts"), new XElement(T + "Mailbox", new XElement(T + "EmailAddress", mailbox)));

    private static IEnumerable<string> Entries(XElement? entries) =>
        entries?.Elements(T + "Entry").OrderBy(entry => (string?)entry.Attribute("Key"), StringComparer.Ordinal).Select(entry => entry.Value).Where(value => value.Length > 0) ?? [];

    /// <summary>
    /// The operation's one response message; throws <see cref="FormatException"/> for another shape or an error other
    /// than <paramref name="tolerate"/> (<c>*</c>: any), and <see cref="EwsItemException"/> for the item-level errors.
    /// </summary>
    private static XElement Message(string xml, string operation, string? tolerate = null)
    {
        var message = EwsSoap.Body(xml).Element(M + $"{operation}Response")?.Element(M + "ResponseMessages")?.Element(M + $"{operation}ResponseMessage")
            ?? throw new FormatException($"The answer has no {operation}Response/ResponseMessages/{operation}ResponseMessage.");
        if (EwsSoap.ErrorOf(message) is { } error && tolerate != "*" && error != tolerate)
        {
            throw error is "ErrorIrresolvableConflict" or "ErrorItemNotFound" or "ErrorInvalidSyncStateData" or "ErrorChangeKeyRequiredForWriteOperations"
                ? new EwsItemException(error)
                : new FormatException($"{operation} answered {error}: {message.Element(M + "MessageText")?.Value}");
        }

        return message;
    }
}
