using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PresenceCluster.Contacts;
using PresenceCluster.Grains;
using PresenceCluster.Http.Users;
using PresenceCluster.Identity;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// The signed-in user's contact list as Microsoft Graph's contacts: <c>GET/POST /v1.0/me/contacts</c>,
/// <c>GET/PATCH/DELETE /v1.0/me/contacts/{id}</c>, <c>GET /v1.0/me/contactFolders</c> (one folder, the list) and
/// <c>GET /v1.0/me/contacts/delta</c> (a delta link from the list's version; removed contacts as <c>@removed</c>).
/// Categories name groups; a category that is no group yet becomes one.
/// </summary>
public static class GraphContactsApi
{
    /// <summary>The body of a create or update: Graph's contact fields this API keeps.</summary>
    public sealed record class ContactRequest(
        [property: JsonPropertyName("displayName")] string? DisplayName,
        [property: JsonPropertyName("imAddresses")] string[]? ImAddresses,
        [property: JsonPropertyName("emailAddresses")] GraphContact.EmailAddress[]? EmailAddresses,
        [property: JsonPropertyName("categories")] string[]? Categories,
        [property: JsonPropertyName("presenceAccessLevel")] string? PresenceAccessLevel);

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapGraphContactsApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup(GraphError.PathPrefix + "/me").RequireAuthorization(UserIdentity.Policy).RequireRateLimiting(Hosting.CallerRateLimits.Policy).WithTags("Graph contacts");
        me.MapGet("/contacts", ListAsync).WithName("ListContacts").WithSummary("The signed-in user's contacts.");
        me.MapGet("/contacts/delta", DeltaAsync).WithName("ContactsDelta").WithSummary("The contacts changed since a delta link's token; removed ones as @removed.");

        // The Graph SDK calls the function with OData's parentheses.
        me.MapGet("/contacts/delta()", DeltaAsync).ExcludeFromDescription();
        me.MapGet("/contacts/{id}", GetAsync).WithName("GetContact").WithSummary("One contact, by address.");
        me.MapPost("/contacts", CreateAsync).WithName("CreateContact").WithSummary("Adds a contact (its SIP address in imAddresses, or its address in emailAddresses).");
        me.MapMethods("/contacts/{id}", [HttpMethods.Patch], UpdateAsync).WithName("UpdateContact").WithSummary("Changes a contact's display name, categories or access level.");
        me.MapDelete("/contacts/{id}", DeleteAsync).WithName("DeleteContact").WithSummary("Removes a contact.");
        me.MapGet("/contactFolders", (HttpContext context) => TypedResults.Ok(new
        {
            value = new[] { new { id = GraphContact.FolderId, displayName = "Contacts", parentFolderId = (string?)null } },
        })).WithName("ListContactFolders").WithSummary("The one contact folder: the contact list.");
        return routes;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        var list = await Contacts(grains, user, options).GetAsync();
        return TypedResults.Ok(new { value = list.Contacts.Select(c => GraphContact.From(c, list.Groups)) });
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        var list = await Contacts(grains, user, options).GetAsync();
        var uri = UserIdentity.Parse(id).Value;
        return list.Contacts.FirstOrDefault(c => c.Uri == uri) is { } contact
            ? TypedResults.Ok(GraphContact.From(contact, list.Groups))
            : GraphError.Result(context, StatusCodes.Status404NotFound, $"There is no contact {id}.");
    }

    private static async Task<IResult> CreateAsync(ContactRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        var contacts = Contacts(grains, user, options);
        var uri = GraphContact.UserOf(request.ImAddresses, request.EmailAddresses);
        var groups = await GroupIdsAsync(contacts, request.Categories ?? []);
        await contacts.SetContactAsync(new Contact
        {
            Uri = uri.Value,
            DisplayName = request.DisplayName,
            GroupIds = groups,
            AccessLevel = GraphContact.AccessLevelOf(request.PresenceAccessLevel),
        });
        var list = await contacts.GetAsync();
        var created = GraphContact.From(list.Contacts.First(c => c.Uri == uri.Value), list.Groups);
        return TypedResults.Created($"{GraphError.PathPrefix}/me/contacts/{created.Id}", created);
    }

    private static async Task<IResult> UpdateAsync(string id, ContactRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        var contacts = Contacts(grains, user, options);
        var uri = UserIdentity.Parse(id).Value;
        var existing = (await contacts.GetAsync()).Contacts.FirstOrDefault(c => c.Uri == uri);
        if (existing is null)
        {
            return GraphError.Result(context, StatusCodes.Status404NotFound, $"There is no contact {id}.");
        }

        // PATCH: only the fields sent change.
        await contacts.SetContactAsync(existing with
        {
            DisplayName = request.DisplayName ?? existing.DisplayName,
            GroupIds = request.Categories is { } categories ? await GroupIdsAsync(contacts, categories) : existing.GroupIds,
            AccessLevel = request.PresenceAccessLevel is { } level ? GraphContact.AccessLevelOf(level) : existing.AccessLevel,
        });
        var list = await contacts.GetAsync();
        return TypedResults.Ok(GraphContact.From(list.Contacts.First(c => c.Uri == uri), list.Groups));
    }

    private static async Task<IResult> DeleteAsync(string id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        await Contacts(grains, user, options).RemoveContactAsync(UserIdentity.Parse(id).Value);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeltaAsync(string? deltatoken, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        long since = 0;
        if (deltatoken is { Length: > 0 } && !long.TryParse(deltatoken, NumberStyles.None, CultureInfo.InvariantCulture, out since))
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, $"The delta token '{deltatoken}' was not issued by this service; start again without one.");
        }

        var contacts = Contacts(grains, user, options);
        var changes = await contacts.GetChangesAsync(since);
        var groups = (await contacts.GetAsync()).Groups;
        var value = changes.UpsertedContacts.Select(c => (object)GraphContact.From(c, groups))
            .Concat(changes.RemovedContacts.Select(uri => (object)new Dictionary<string, object>
            {
                ["id"] = SipUri.Parse(uri).Address,
                ["@removed"] = new { reason = "deleted" },
            }));
        return TypedResults.Ok(new Dictionary<string, object>
        {
            ["value"] = value.ToArray(),
            ["@odata.deltaLink"] = $"{context.Request.Scheme}://{context.Request.Host}{GraphError.PathPrefix}/me/contacts/delta?$deltatoken={changes.ToVersion.ToString(CultureInfo.InvariantCulture)}",
        });
    }

    /// <summary>The ids of the groups named by <paramref name="categories"/>, creating the ones that do not exist yet.</summary>
    private static async Task<int[]> GroupIdsAsync(IContactListGrain contacts, IReadOnlyList<string> categories)
    {
        var groups = (await contacts.GetAsync()).Groups;
        var ids = new List<int>();
        foreach (var category in categories.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var group = groups.FirstOrDefault(g => string.Equals(g.Name, category.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? await contacts.CreateGroupAsync(category);
            ids.Add(group.Id);
        }

        return [.. ids];
    }

    private static IContactListGrain Contacts(IGrainFactory grains, ClaimsPrincipal user, IOptions<UserAuthenticationOptions> options) =>
        grains.GetGrain<IContactListGrain>(UserGrainKey.For(UserIdentity.Of(user, options.Value.UserClaim)));
}
