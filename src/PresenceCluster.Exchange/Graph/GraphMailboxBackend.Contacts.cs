using System.Net;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Mailboxes;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.Exchange.Graph;

/// <summary>
/// The unified contact store over Graph: a contact folder (<c>/users/{mailbox}/contactFolders</c>) with the list's
/// metadata as an extended property, its contacts (delta with <c>$select</c>, each changed item read with its
/// extended properties, which delta does not expand), writes with the item's change key in <c>If-Match</c>
/// (412 when it changed since).
/// </summary>
public sealed partial class GraphMailboxBackend
{
    /// <summary>Items per page of a listing or a delta round.</summary>
    public const int PageSize = 100;

    /// <inheritdoc />
    public async Task<string> FindOrCreateFolderAsync(string mailbox, string displayName, CancellationToken cancellationToken)
    {
        var found = await CallAsync(() => _graph.Users[mailbox].ContactFolders.GetAsync(
            request => request.QueryParameters.Filter = $"displayName eq '{displayName.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken));
        if (found?.Value?.FirstOrDefault()?.Id is { } existing)
        {
            return existing;
        }

        var created = await CallAsync(() => _graph.Users[mailbox].ContactFolders.PostAsync(new GraphModels.ContactFolder { DisplayName = displayName }, cancellationToken: cancellationToken));
        return created?.Id ?? throw new MailboxBackendException(MailboxFailure.BadAnswer, "Graph created a contact folder without id");
    }

    /// <inheritdoc />
    public async Task<string?> ReadListPropertyAsync(string mailbox, string folderId, CancellationToken cancellationToken)
    {
        var folder = await CallAsync(
            () => _graph.Users[mailbox].ContactFolders[folderId].GetAsync(request => request.QueryParameters.Expand = [GraphContactMapping.ExpandProperties([MailboxContactProperties.List])], cancellationToken),
            itemLevel: true);
        return folder?.SingleValueExtendedProperties?.FirstOrDefault(property => MailboxContactProperties.NameOfGraphId(property.Id) == MailboxContactProperties.List)?.Value;
    }

    /// <inheritdoc />
    public Task WriteListPropertyAsync(string mailbox, string folderId, string value, CancellationToken cancellationToken) =>
        CallAsync(
            () => _graph.Users[mailbox].ContactFolders[folderId].PatchAsync(
                new GraphModels.ContactFolder { SingleValueExtendedProperties = [new() { Id = MailboxContactProperties.GraphId(MailboxContactProperties.List), Value = value }] },
                cancellationToken: cancellationToken),
            itemLevel: true);

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxContactItem>> ListAsync(string mailbox, string folderId, CancellationToken cancellationToken)
    {
        var items = new List<MailboxContactItem>();
        var page = await CallAsync(
            () => _graph.Users[mailbox].ContactFolders[folderId].Contacts.GetAsync(
                request =>
                {
                    request.QueryParameters.Top = PageSize;
                    request.QueryParameters.Select = GraphContactMapping.Fields;
                    request.QueryParameters.Expand = [GraphContactMapping.ExpandProperties(MailboxContactProperties.OfContacts)];
                },
                cancellationToken),
            itemLevel: true);
        while (page is not null)
        {
            items.AddRange((page.Value ?? []).Select(GraphContactMapping.ToItem));
            if (page.OdataNextLink is not { } next)
            {
                break;
            }

            page = await CallAsync(() => _graph.Users[mailbox].ContactFolders[folderId].Contacts.WithUrl(next).GetAsync(cancellationToken: cancellationToken), itemLevel: true);
        }

        return items;
    }

    /// <inheritdoc />
    public async Task<ContactChangesPage> GetChangesAsync(string mailbox, string folderId, string? syncState, CancellationToken cancellationToken)
    {
        var delta = _graph.Users[mailbox].ContactFolders[folderId].Contacts.Delta;
        var answer = await CallAsync(
            () => syncState is null
                ? delta.GetAsDeltaGetResponseAsync(
                    request =>
                    {
                        request.QueryParameters.Select = GraphContactMapping.Fields;
                        request.Headers.Add("Prefer", $"odata.maxpagesize={PageSize}");
                    },
                    cancellationToken)
                : delta.WithUrl(syncState).GetAsDeltaGetResponseAsync(request => request.Headers.Add("Prefer", $"odata.maxpagesize={PageSize}"), cancellationToken),
            itemLevel: true);
        var contacts = answer?.Value ?? [];
        var next = answer?.OdataNextLink ?? answer?.OdataDeltaLink
            ?? throw new MailboxBackendException(MailboxFailure.BadAnswer, "Graph's delta answer has neither @odata.nextLink nor @odata.deltaLink");
        return new ContactChangesPage(
            [.. contacts.Where(contact => !GraphContactMapping.IsRemoval(contact) && contact.Id is not null).Select(GraphContactMapping.ToItem)],
            [.. contacts.Where(GraphContactMapping.IsRemoval).Select(contact => contact.Id).OfType<string>()],
            next,
            MoreAvailable: answer?.OdataNextLink is not null,
            PropertiesIncluded: false);
    }

    /// <inheritdoc />
    public async Task<MailboxContactItem?> GetAsync(string mailbox, string itemId, CancellationToken cancellationToken)
    {
        try
        {
            var contact = await CallAsync(
                () => _graph.Users[mailbox].Contacts[itemId].GetAsync(
                    request =>
                    {
                        request.QueryParameters.Select = GraphContactMapping.Fields;
                        request.QueryParameters.Expand = [GraphContactMapping.ExpandProperties(MailboxContactProperties.OfContacts)];
                    },
                    cancellationToken),
                itemLevel: true);
            return contact is null ? null : GraphContactMapping.ToItem(contact);
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.ItemNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<MailboxContactItem> CreateAsync(string mailbox, string folderId, MailboxContactItem item, CancellationToken cancellationToken)
    {
        var created = await CallAsync(() => _graph.Users[mailbox].ContactFolders[folderId].Contacts.PostAsync(GraphContactMapping.ToGraph(item), cancellationToken: cancellationToken), itemLevel: true);
        return created is { Id: { Length: > 0 } id, ChangeKey: { Length: > 0 } changeKey }
            ? item with { Id = id, ChangeKey = changeKey }
            : throw new MailboxBackendException(MailboxFailure.BadAnswer, "Graph created a contact without id or change key");
    }

    /// <inheritdoc />
    public async Task<string> UpdateAsync(string mailbox, MailboxContactItem item, CancellationToken cancellationToken)
    {
        var updated = await CallAsync(
            () => _graph.Users[mailbox].Contacts[item.Id].PatchAsync(GraphContactMapping.ToGraph(item), request => request.Headers.Add("If-Match", $"W/\"{item.ChangeKey}\""), cancellationToken),
            itemLevel: true);
        return updated?.ChangeKey ?? throw new MailboxBackendException(MailboxFailure.BadAnswer, "Graph updated a contact without returning its change key");
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string mailbox, string itemId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync<object>(
                async () =>
                {
                    await _graph.Users[mailbox].Contacts[itemId].DeleteAsync(cancellationToken: cancellationToken);
                    return null;
                },
                itemLevel: true);
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.ItemNotFound)
        {
            // Already gone: what was wanted.
        }
    }

    /// <summary>What an item-level answer means: 412 the change key is stale, 410 or syncStateNotFound the delta link expired, 404 the item is gone.</summary>
    private static MailboxFailure? ItemFailure(int status, string? code) => (status, code) switch
    {
        ((int)HttpStatusCode.PreconditionFailed, _) => MailboxFailure.Conflict,
        (_, "ErrorIrresolvableConflict") => MailboxFailure.Conflict,
        ((int)HttpStatusCode.Gone, _) => MailboxFailure.SyncStateExpired,
        (_, "syncStateNotFound" or "resyncRequired" or "SyncStateNotFound") => MailboxFailure.SyncStateExpired,
        ((int)HttpStatusCode.NotFound, "ErrorItemNotFound" or "ResourceNotFound" or "ErrorObjectNotFound") => MailboxFailure.ItemNotFound,
        _ => null,
    };
}
