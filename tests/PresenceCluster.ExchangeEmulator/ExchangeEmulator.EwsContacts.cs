using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// EWS's contact operations as Exchange Server answers them, for the mailbox the token acts for only: FindFolder and
/// CreateFolder under <c>contacts</c> (<c>ErrorFolderExists</c>), GetFolder and UpdateFolder with named properties,
/// SyncFolderItems (MaxChangesReturned 1–512, IncludesLastItemInRange, <c>ErrorInvalidSyncStateData</c> for an expired
/// state), GetItem, CreateItem, UpdateItem (a change key is required; a stale one is <c>ErrorIrresolvableConflict</c>)
/// and DeleteItem.
/// </summary>
public sealed partial class ExchangeEmulator
{
    private static readonly XNamespace Tns = "http://schemas.microsoft.com/exchange/services/2006/types";
    private static readonly XNamespace Mns = "http://schemas.microsoft.com/exchange/services/2006/messages";

    private static readonly HashSet<string> EwsContactOperations = ["FindFolder", "CreateFolder", "GetFolder", "UpdateFolder", "SyncFolderItems", "GetItem", "CreateItem", "UpdateItem", "DeleteItem"];

    /// <summary>Answers a contact operation for <paramref name="user"/> (the token's mailbox); false when <paramref name="request"/> is none.</summary>
    private async Task<bool> EwsContactAsync(HttpContext context, XElement request, string user)
    {
        var operation = request.Name.LocalName;
        if (!EwsContactOperations.Contains(operation))
        {
            return false;
        }

        Interlocked.Increment(ref _contactRequests);
        await WithMailboxesAsync(context, [user], async () => await EwsSoapAnswers.WriteAsync(context, await EwsContactAnswerAsync(operation, request, user)), ews: true);
        return true;
    }

    private async Task<XElement> EwsContactAnswerAsync(string operation, XElement request, string user)
    {
        switch (operation)
        {
            case "FindFolder":
                var parent = request.Element(Mns + "ParentFolderIds")?.Element(Tns + "DistinguishedFolderId");
                if ((string?)parent?.Attribute("Id") != "contacts" || !OwnedBy(parent?.Element(Tns + "Mailbox")?.Element(Tns + "EmailAddress")?.Value ?? user, user))
                {
                    return Error(operation, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
                }

                return Success(operation, new XElement(Mns + "RootFolder", new XAttribute("TotalItemsInView", Contacts.FoldersOf(user).Count), new XAttribute("IncludesLastItemInRange", "true"),
                    new XElement(Tns + "Folders", Contacts.FoldersOf(user).Select(folder => FolderElement(folder, [])))));
            case "CreateFolder":
                var name = request.Element(Mns + "Folders")?.Element(Tns + "ContactsFolder")?.Element(Tns + "DisplayName")?.Value;
                if (string.IsNullOrEmpty(name))
                {
                    return Error(operation, "ErrorInvalidRequest", "The folder must be a ContactsFolder with a DisplayName.");
                }

                return Contacts.CreateFolder(user, name) is { } created
                    ? Success(operation, new XElement(Mns + "Folders", FolderElement(created, [])))
                    : Error(operation, "ErrorFolderExists", "A folder with the specified name already exists.");
            case "GetFolder":
                var wanted = request.Element(Mns + "FolderShape")?.Element(Tns + "AdditionalProperties")?.Elements(Tns + "ExtendedFieldURI").Select(KeyOf).OfType<string>().ToHashSet() ?? [];
                return OwnFolderById(request.Element(Mns + "FolderIds")?.Element(Tns + "FolderId"), user) is { } folder
                    ? Success(operation, new XElement(Mns + "Folders", FolderElement(folder, wanted)))
                    : Error(operation, "ErrorItemNotFound", "The specified object was not found in the store.");
            case "UpdateFolder":
                var change = request.Element(Mns + "FolderChanges")?.Element(Tns + "FolderChange");
                if (OwnFolderById(change?.Element(Tns + "FolderId"), user) is not { } target)
                {
                    return Error(operation, "ErrorItemNotFound", "The specified object was not found in the store.");
                }

                foreach (var property in change!.Element(Tns + "Updates")?.Elements(Tns + "SetFolderField").SelectMany(set => set.Descendants(Tns + "ExtendedProperty")) ?? [])
                {
                    if (KeyOf(property.Element(Tns + "ExtendedFieldURI")) is not { } key)
                    {
                        return Error(operation, "ErrorInvalidPropertyRequest", "The ExtendedFieldURI needs PropertySetId, PropertyName and PropertyType.");
                    }

                    Contacts.SetFolderProperty(target.Id, key, property.Element(Tns + "Value")?.Value ?? string.Empty);
                }

                return Success(operation, new XElement(Mns + "Folders", FolderElement(target, [])));
            case "SyncFolderItems":
                var max = int.TryParse(request.Element(Mns + "MaxChangesReturned")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
                if (max is < 1 or > 512)
                {
                    return Error(operation, "ErrorInvalidRequest", "MaxChangesReturned must be between 1 and 512.");
                }

                if (OwnFolderById(request.Element(Mns + "SyncFolderId")?.Element(Tns + "FolderId"), user) is not { } syncFolder)
                {
                    return Error(operation, "ErrorItemNotFound", "The specified object was not found in the store.");
                }

                var keys = ShapeKeys(request);
                if (Contacts.ChangesSince(syncFolder.Id, request.Element(Mns + "SyncState")?.Value, max) is not { } changes)
                {
                    return Error(operation, "ErrorInvalidSyncStateData", "Synchronization state data is corrupt or otherwise invalid.");
                }

                return Success(operation,
                    new XElement(Mns + "SyncState", changes.NextState),
                    new XElement(Mns + "IncludesLastItemInRange", changes.MoreAvailable ? "false" : "true"),
                    new XElement(Mns + "Changes", changes.Items.Select(item =>
                        item.Deleted ? new XElement(Tns + "Delete", new XElement(Tns + "ItemId", new XAttribute("Id", item.Id)))
                        : new XElement(Tns + (item.CreatedAt > changes.Since ? "Create" : "Update"), ContactElement(item, keys)))));
            case "GetItem":
                return OwnItem(user, (string?)request.Element(Mns + "ItemIds")?.Element(Tns + "ItemId")?.Attribute("Id") ?? string.Empty) is { } found
                    ? Success(operation, new XElement(Mns + "Items", ContactElement(found, ShapeKeys(request))))
                    : Error(operation, "ErrorItemNotFound", "The specified object was not found in the store.");
            case "CreateItem":
                var into = OwnFolderById(request.Element(Mns + "SavedItemFolderId")?.Element(Tns + "FolderId"), user);
                var contact = request.Element(Mns + "Items")?.Element(Tns + "Contact");
                if (into is null || contact is null)
                {
                    return Error(operation, "ErrorItemNotFound", "The folder is not found, or the item is not a Contact.");
                }

                if (FieldsOf(contact) is not { } fields)
                {
                    return Error(operation, "ErrorInvalidPropertyRequest", "An ExtendedFieldURI needs PropertySetId, PropertyName and PropertyType.");
                }

                var made = await Contacts.CreateAsync(into.Id, fields);
                return Success(operation, new XElement(Mns + "Items", new XElement(Tns + "Contact", ItemId(made!))));
            case "UpdateItem":
                return await UpdateEwsItemAsync(request, user);
            case "DeleteItem":
                var deleteId = (string?)request.Element(Mns + "ItemIds")?.Element(Tns + "ItemId")?.Attribute("Id") ?? string.Empty;
                return OwnItem(user, deleteId) is not null && await Contacts.DeleteAsync(deleteId)
                    ? Success(operation)
                    : Error(operation, "ErrorItemNotFound", "The specified object was not found in the store.");
            default:
                throw new InvalidOperationException(operation);
        }
    }

    private async Task<XElement> UpdateEwsItemAsync(XElement request, string user)
    {
        const string operation = "UpdateItem";
        var change = request.Element(Mns + "ItemChanges")?.Element(Tns + "ItemChange");
        var id = change?.Element(Tns + "ItemId");
        if ((string?)id?.Attribute("ChangeKey") is not { Length: > 0 } changeKey)
        {
            return Error(operation, "ErrorChangeKeyRequiredForWriteOperations", "When making a write request, a change key is required.");
        }

        if (OwnItem(user, (string?)id.Attribute("Id") ?? string.Empty) is not { } item)
        {
            return Error(operation, "ErrorItemNotFound", "The specified object was not found in the store.");
        }

        var edits = new List<Func<EmulatedContact, EmulatedContact>>();
        foreach (var update in change!.Element(Tns + "Updates")?.Elements() ?? [])
        {
            var field = (string?)update.Element(Tns + "FieldURI")?.Attribute("FieldURI") ?? (string?)update.Element(Tns + "IndexedFieldURI")?.Attribute("FieldURI");
            var value = update.Element(Tns + "Contact");
            if (update.Name == Tns + "DeleteItemField" && field == "item:Categories")
            {
                edits.Add(c => c with { Categories = [] });
            }
            else if (update.Name == Tns + "SetItemField" && value is not null && FieldsOf(value) is { } set)
            {
                edits.Add(field switch
                {
                    "item:Categories" => c => c with { Categories = set.Categories },
                    "contacts:DisplayName" => c => c with { DisplayName = set.DisplayName },
                    "contacts:EmailAddress" => c => c with { EmailAddresses = set.EmailAddresses },
                    "contacts:ImAddress" => c => c with { ImAddresses = set.ImAddresses },
                    _ => c => c with { Properties = new Dictionary<string, string>(c.Properties.Concat(set.Properties).GroupBy(p => p.Key).Select(g => g.Last())) },
                });
            }
            else
            {
                return Error(operation, "ErrorInvalidPropertyRequest", $"Unsupported update {update.Name.LocalName} of {field}.");
            }
        }

        var (updated, error) = await Contacts.UpdateAsync(item.Id, changeKey, c => edits.Aggregate(c, (current, edit) => edit(current)));
        return error switch
        {
            "Conflict" => Error(operation, "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item."),
            "NotFound" => Error(operation, "ErrorItemNotFound", "The specified object was not found in the store."),
            _ => Success(operation, new XElement(Mns + "Items", new XElement(Tns + "Contact", ItemId(updated!))), new XElement(Mns + "ConflictResults", new XElement(Tns + "Count", "0"))),
        };
    }

    private EmulatedContactFolder? OwnFolderById(XElement? folderId, string user) =>
        (string?)folderId?.Attribute("Id") is { } id && Contacts.Folder(id) is { } folder && OwnedBy(folder.Mailbox, user) ? folder : null;

    private static bool OwnedBy(string mailbox, string user) => string.Equals(mailbox, user, StringComparison.OrdinalIgnoreCase);

    /// <summary>The emulator's key of an <c>ExtendedFieldURI</c> naming a property of a property set; null for any other form.</summary>
    private static string? KeyOf(XElement? uri) =>
        Guid.TryParse((string?)uri?.Attribute("PropertySetId"), out var set) && (string?)uri?.Attribute("PropertyName") is { Length: > 0 } name && (string?)uri?.Attribute("PropertyType") is { Length: > 0 }
            ? EmulatedContacts.PropertyKey(set, name)
            : null;

    private static HashSet<string> ShapeKeys(XElement request) =>
        request.Element(Mns + "ItemShape")?.Element(Tns + "AdditionalProperties")?.Elements(Tns + "ExtendedFieldURI").Select(KeyOf).OfType<string>().ToHashSet() ?? [];

    /// <summary>The fields of a <c>t:Contact</c> element; null when an extended property is malformed.</summary>
    private static EmulatedContact? FieldsOf(XElement contact)
    {
        var properties = new Dictionary<string, string>();
        foreach (var property in contact.Elements(Tns + "ExtendedProperty"))
        {
            if (KeyOf(property.Element(Tns + "ExtendedFieldURI")) is not { } key)
            {
                return null;
            }

            properties[key] = property.Element(Tns + "Value")?.Value ?? string.Empty;
        }

        return new EmulatedContact
        {
            DisplayName = contact.Element(Tns + "DisplayName")?.Value,
            EmailAddresses = [.. contact.Element(Tns + "EmailAddresses")?.Elements(Tns + "Entry").Select(e => e.Value) ?? []],
            ImAddresses = [.. contact.Element(Tns + "ImAddresses")?.Elements(Tns + "Entry").Select(e => e.Value) ?? []],
            Categories = [.. contact.Element(Tns + "Categories")?.Elements(Tns + "String").Select(s => s.Value) ?? []],
            Properties = properties,
        };
    }

    private static XElement ItemId(EmulatedContact item) => new(Tns + "ItemId", new XAttribute("Id", item.Id), new XAttribute("ChangeKey", item.ChangeKey));

    private static XElement FolderElement(EmulatedContactFolder folder, HashSet<string> keys) => new(Tns + "ContactsFolder",
        new XElement(Tns + "FolderId", new XAttribute("Id", folder.Id), new XAttribute("ChangeKey", "AQAAAA==")),
        new XElement(Tns + "DisplayName", folder.DisplayName),
        folder.Properties.Where(p => keys.Contains(p.Key)).Select(p => PropertyElement(p.Key, p.Value)));

    /// <summary>A contact in the schema's order: ItemId, Categories, ExtendedProperty, then DisplayName, EmailAddresses, ImAddresses.</summary>
    private static XElement ContactElement(EmulatedContact item, HashSet<string> keys) => new(Tns + "Contact",
        ItemId(item),
        new XElement(Tns + "ItemClass", "IPM.Contact"),
        item.Categories.Count == 0 ? null : new XElement(Tns + "Categories", item.Categories.Select(c => new XElement(Tns + "String", c))),
        item.Properties.Where(p => keys.Contains(p.Key)).Select(p => PropertyElement(p.Key, p.Value)),
        new XElement(Tns + "DisplayName", item.DisplayName ?? string.Empty),
        new XElement(Tns + "EmailAddresses", item.EmailAddresses.Select((a, i) => new XElement(Tns + "Entry", new XAttribute("Key", $"EmailAddress{i + 1}"), a))),
        new XElement(Tns + "ImAddresses", item.ImAddresses.Select((a, i) => new XElement(Tns + "Entry", new XAttribute("Key", $"ImAddress{i + 1}"), a))));

    private static XElement PropertyElement(string key, string value)
    {
        var parts = key.Split('|', 2);
        return new XElement(Tns + "ExtendedProperty",
            new XElement(Tns + "ExtendedFieldURI", new XAttribute("PropertySetId", parts[0]), new XAttribute("PropertyName", parts[1]), new XAttribute("PropertyType", "String")),
            new XElement(Tns + "Value", value));
    }

    private static XElement Success(string operation, params object?[] content) => Response(operation, "Success", "NoError", null, content);

    private static XElement Error(string operation, string code, string text) => Response(operation, "Error", code, text, []);

    private static XElement Response(string operation, string responseClass, string code, string? text, object?[] content) =>
        new(Mns + $"{operation}Response",
            new XElement(Mns + "ResponseMessages",
                new XElement(Mns + $"{operation}ResponseMessage", new XAttribute("ResponseClass", responseClass),
                    text is null ? null : new XElement(Mns + "MessageText", text),
                    new XElement(Mns + "ResponseCode", code),
                    content)));
}
