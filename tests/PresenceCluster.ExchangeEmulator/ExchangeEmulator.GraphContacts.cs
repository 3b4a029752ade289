using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// Graph's contact folders and contacts, as documented: <c>/users/{id}/contactFolders</c> (<c>$filter=displayName eq</c>,
/// POST, GET and PATCH with single-value extended properties), its <c>contacts</c> (paged with <c>$top</c> and
/// <c>@odata.nextLink</c>, <c>$expand=singleValueExtendedProperties($filter=id eq …)</c> returning only the properties
/// named), <c>contacts/delta</c> (<c>Prefer: odata.maxpagesize</c>, nextLink/deltaLink, <c>@removed</c>, 410
/// <c>syncStateNotFound</c> for an expired token, no extended properties), and <c>/users/{id}/contacts/{id}</c> (GET,
/// PATCH with <c>If-Match</c>: 412 <c>ErrorIrresolvableConflict</c> on a stale change key, DELETE).
/// </summary>
public sealed partial class ExchangeEmulator
{
    private void MapGraphContacts(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1.0/users/{id}/contactFolders", FindContactFoldersAsync);
        app.MapPost("/v1.0/users/{id}/contactFolders", CreateContactFolderAsync);
        app.MapGet("/v1.0/users/{id}/contactFolders/{folderId}", GetContactFolderAsync);
        app.MapMethods("/v1.0/users/{id}/contactFolders/{folderId}", [HttpMethods.Patch], PatchContactFolderAsync);
        app.MapGet("/v1.0/users/{id}/contactFolders/{folderId}/contacts", ListContactsAsync);
        app.MapPost("/v1.0/users/{id}/contactFolders/{folderId}/contacts", CreateContactAsync);
        app.MapGet("/v1.0/users/{id}/contactFolders/{folderId}/contacts/delta()", ContactsDeltaAsync);
        app.MapGet("/v1.0/users/{id}/contactFolders/{folderId}/contacts/delta", ContactsDeltaAsync);
        app.MapGet("/v1.0/users/{id}/contacts/{contactId}", GetContactAsync);
        app.MapMethods("/v1.0/users/{id}/contacts/{contactId}", [HttpMethods.Patch], PatchContactAsync);
        app.MapDelete("/v1.0/users/{id}/contacts/{contactId}", DeleteContactAsync);
    }

    private Task FindContactFoldersAsync(HttpContext context, string id) => GraphContactCallAsync(context, id, async () =>
    {
        var filter = context.Request.Query["$filter"].ToString();
        const string prefix = "displayName eq '";
        var folders = Contacts.FoldersOf(id);
        if (filter.Length > 0)
        {
            if (!filter.StartsWith(prefix, StringComparison.Ordinal) || !filter.EndsWith('\''))
            {
                await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "BadRequest", $"Unsupported $filter: {filter}");
                return;
            }

            var name = filter[prefix.Length..^1].Replace("''", "'", StringComparison.Ordinal);
            folders = [.. folders.Where(folder => string.Equals(folder.DisplayName, name, StringComparison.OrdinalIgnoreCase))];
        }

        await WriteJsonAsync(context, new JsonObject { ["value"] = new JsonArray([.. folders.Select(folder => FolderJson(folder, []))]) });
    });

    private Task CreateContactFolderAsync(HttpContext context, string id) => GraphContactCallAsync(context, id, async () =>
    {
        if (await JsonBodyAsync(context) is not JsonObject body || body["displayName"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "ErrorInvalidRequest", "displayName is required.");
            return;
        }

        if (Contacts.CreateFolder(id, name) is not { } folder)
        {
            await GraphErrorAsync(context, StatusCodes.Status409Conflict, "ErrorFolderExists", "A folder with the specified name already exists.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        await WriteJsonAsync(context, FolderJson(folder, []));
    });

    private Task GetContactFolderAsync(HttpContext context, string id, string folderId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnFolder(id, folderId) is not { } folder)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        await WriteJsonAsync(context, FolderJson(folder, ExpandedPropertyKeys(context)));
    });

    private Task PatchContactFolderAsync(HttpContext context, string id, string folderId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnFolder(id, folderId) is null)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        if (await JsonBodyAsync(context) is not JsonObject body || ReadProperties(body) is not { } properties)
        {
            await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "ErrorInvalidProperty", "singleValueExtendedProperties must name properties as \"{type} {guid} Name {name}\".");
            return;
        }

        foreach (var (key, value) in properties)
        {
            Contacts.SetFolderProperty(folderId, key, value);
        }

        await WriteJsonAsync(context, FolderJson(Contacts.Folder(folderId)!, []));
    });

    private Task ListContactsAsync(HttpContext context, string id, string folderId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnFolder(id, folderId) is null)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        var top = int.TryParse(context.Request.Query["$top"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? Math.Clamp(t, 1, 1000) : 10;
        var skip = int.TryParse(context.Request.Query["$skip"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var items = Contacts.ItemsIn(folderId);
        var keys = ExpandedPropertyKeys(context);
        var answer = new JsonObject { ["value"] = new JsonArray([.. items.Skip(skip).Take(top).Select(item => ContactJson(item, keys))]) };
        if (skip + top < items.Count)
        {
            var query = QueryString.Create(context.Request.Query.Where(p => p.Key != "$skip").SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))));
            answer["@odata.nextLink"] = $"{GraphBaseUrl}/users/{id}/contactFolders/{folderId}/contacts{query.Add("$skip", (skip + top).ToString(CultureInfo.InvariantCulture))}";
        }

        await WriteJsonAsync(context, answer);
    });

    private Task CreateContactAsync(HttpContext context, string id, string folderId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnFolder(id, folderId) is null)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        if (await JsonBodyAsync(context) is not JsonObject body || ReadProperties(body) is not { } properties)
        {
            await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "ErrorInvalidProperty", "The contact or its singleValueExtendedProperties are not valid.");
            return;
        }

        var created = await Contacts.CreateAsync(folderId, ApplyFields(new EmulatedContact(), body, properties));
        context.Response.StatusCode = StatusCodes.Status201Created;
        await WriteJsonAsync(context, ContactJson(created!, []));
    });

    private Task ContactsDeltaAsync(HttpContext context, string id, string folderId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnFolder(id, folderId) is null)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        var token = context.Request.Query["$skiptoken"].FirstOrDefault() ?? context.Request.Query["$deltatoken"].FirstOrDefault();
        var pageSize = context.Request.Headers["Prefer"].ToString() is var prefer && prefer.StartsWith("odata.maxpagesize=", StringComparison.Ordinal)
            && int.TryParse(prefer["odata.maxpagesize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 1000) : 10;
        if (Contacts.ChangesSince(folderId, token, pageSize) is not { } changes)
        {
            await GraphErrorAsync(context, StatusCodes.Status410Gone, "syncStateNotFound", "The sync state generation is not valid; resync from the beginning.");
            return;
        }

        var value = new JsonArray();
        foreach (var item in changes.Items)
        {
            value.Add(item.Deleted
                ? new JsonObject { ["id"] = item.Id, ["@removed"] = new JsonObject { ["reason"] = "deleted" } }
                : ContactJson(item, []));
        }

        var link = $"{GraphBaseUrl}/users/{id}/contactFolders/{folderId}/contacts/delta()?{(changes.MoreAvailable ? "$skiptoken" : "$deltatoken")}={Uri.EscapeDataString(changes.NextState)}";
        await WriteJsonAsync(context, new JsonObject { ["value"] = value, [changes.MoreAvailable ? "@odata.nextLink" : "@odata.deltaLink"] = link });
    });

    private Task GetContactAsync(HttpContext context, string id, string contactId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnItem(id, contactId) is not { } item)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        await WriteJsonAsync(context, ContactJson(item, ExpandedPropertyKeys(context)));
    });

    private Task PatchContactAsync(HttpContext context, string id, string contactId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnItem(id, contactId) is null)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        if (await JsonBodyAsync(context) is not JsonObject body || ReadProperties(body) is not { } properties)
        {
            await GraphErrorAsync(context, StatusCodes.Status400BadRequest, "ErrorInvalidProperty", "The contact or its singleValueExtendedProperties are not valid.");
            return;
        }

        var ifMatch = context.Request.Headers.IfMatch.ToString();
        var changeKey = ifMatch.Length == 0 ? null : ifMatch.StartsWith("W/\"", StringComparison.Ordinal) && ifMatch.EndsWith('"') ? ifMatch[3..^1] : ifMatch.Trim('"');
        var (updated, error) = await Contacts.UpdateAsync(contactId, changeKey, item => ApplyFields(item, body, properties));
        if (error == "Conflict")
        {
            await GraphErrorAsync(context, StatusCodes.Status412PreconditionFailed, "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");
            return;
        }

        if (updated is null)
        {
            await ItemNotFoundAsync(context);
            return;
        }

        await WriteJsonAsync(context, ContactJson(updated, []));
    });

    private Task DeleteContactAsync(HttpContext context, string id, string contactId) => GraphContactCallAsync(context, id, async () =>
    {
        if (OwnItem(id, contactId) is null || !await Contacts.DeleteAsync(contactId))
        {
            await ItemNotFoundAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    });

    /// <summary>Admits a Graph request about <paramref name="mailbox"/>'s contacts (token, outage, faults, 4 in flight) and answers it.</summary>
    private async Task GraphContactCallAsync(HttpContext context, string mailbox, Func<Task> answer)
    {
        Interlocked.Increment(ref _contactRequests);
        if (await AdmitAsync(context))
        {
            await WithMailboxesAsync(context, [mailbox], answer);
        }
    }

    private static Task ItemNotFoundAsync(HttpContext context) =>
        GraphErrorAsync(context, StatusCodes.Status404NotFound, "ErrorItemNotFound", "The specified object was not found in the store.");

    private EmulatedContactFolder? OwnFolder(string mailbox, string folderId) =>
        Contacts.Folder(folderId) is { } folder && string.Equals(folder.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase) ? folder : null;

    private EmulatedContact? OwnItem(string mailbox, string itemId) =>
        Contacts.Item(itemId) is { } item && string.Equals(item.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase) ? item : null;

    /// <summary>The property keys a <c>$expand=singleValueExtendedProperties($filter=id eq '…' or …)</c> names.</summary>
    private static HashSet<string> ExpandedPropertyKeys(HttpContext context)
    {
        var expand = context.Request.Query["$expand"].ToString();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in expand.Split("id eq '", StringSplitOptions.None).Skip(1))
        {
            if (EmulatedContacts.PropertyKeyOfGraphId(part[..Math.Max(0, part.IndexOf('\''))]) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>The body's extended properties by key; null when one is not a named property of the documented form.</summary>
    private static Dictionary<string, string>? ReadProperties(JsonObject body)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in body["singleValueExtendedProperties"] as JsonArray ?? [])
        {
            if (EmulatedContacts.PropertyKeyOfGraphId(property?["id"]?.GetValue<string>()) is not { } key || property?["value"]?.GetValue<string>() is not { } value)
            {
                return null;
            }

            properties[key] = value;
        }

        return properties;
    }

    private static EmulatedContact ApplyFields(EmulatedContact item, JsonObject body, Dictionary<string, string> properties) => item with
    {
        DisplayName = body.ContainsKey("displayName") ? body["displayName"]?.GetValue<string>() : item.DisplayName,
        EmailAddresses = body["emailAddresses"] is JsonArray emails ? [.. emails.Select(e => e?["address"]?.GetValue<string>()).OfType<string>()] : item.EmailAddresses,
        ImAddresses = body["imAddresses"] is JsonArray ims ? [.. ims.Select(i => i?.GetValue<string>()).OfType<string>()] : item.ImAddresses,
        Categories = body["categories"] is JsonArray categories ? [.. categories.Select(c => c?.GetValue<string>()).OfType<string>()] : item.Categories,
        Properties = new Dictionary<string, string>(item.Properties.Concat(properties).GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last())),
    };

    private static JsonObject FolderJson(EmulatedContactFolder folder, HashSet<string> expanded)
    {
        var json = new JsonObject { ["id"] = folder.Id, ["displayName"] = folder.DisplayName, ["parentFolderId"] = "AAMkContacts" };
        if (expanded.Count > 0)
        {
            json["singleValueExtendedProperties"] = PropertiesJson(folder.Properties, expanded);
        }

        return json;
    }

    private static JsonObject ContactJson(EmulatedContact item, HashSet<string> expanded)
    {
        var json = new JsonObject
        {
            ["@odata.etag"] = $"W/\"{item.ChangeKey}\"",
            ["id"] = item.Id,
            ["changeKey"] = item.ChangeKey,
            ["parentFolderId"] = item.FolderId,
            ["displayName"] = item.DisplayName,
            ["emailAddresses"] = new JsonArray([.. item.EmailAddresses.Select(address => (JsonNode)new JsonObject { ["name"] = item.DisplayName, ["address"] = address })]),
            ["imAddresses"] = new JsonArray([.. item.ImAddresses.Select(address => (JsonNode)JsonValue.Create(address))]),
            ["categories"] = new JsonArray([.. item.Categories.Select(name => (JsonNode)JsonValue.Create(name))]),
        };
        if (expanded.Count > 0)
        {
            json["singleValueExtendedProperties"] = PropertiesJson(item.Properties, expanded);
        }

        return json;
    }

    private static JsonArray PropertiesJson(IReadOnlyDictionary<string, string> properties, HashSet<string> expanded) =>
        new([.. properties.Where(p => expanded.Contains(p.Key)).Select(p => (JsonNode)new JsonObject { ["id"] = EmulatedContacts.GraphIdOfKey(p.Key), ["value"] = p.Value })]);
}
