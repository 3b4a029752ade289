using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// Graph's change notifications for calendars as a subscriber meets them: <c>POST /subscriptions</c> on
/// <c>users/{mailbox}/events</c> validated by the documented handshake on the notification and the lifecycle URL
/// (<c>?validationToken=</c>, 200 text/plain with the decoded token within 10 seconds) before anything is stored,
/// expiry at most 4,230 minutes ahead, <c>clientState</c> at most 128 characters; <c>PATCH</c> to renew and
/// <c>DELETE</c>, 404 for a subscription that does not exist (or expired); and, when a mailbox's calendar changes,
/// the documented notification POSTed to each of its subscriptions (query string of the URL kept).
/// </summary>
public sealed class EmulatedSubscriptions(TimeProvider time) : IDisposable
{
    /// <summary>The longest lifetime of a subscription to Outlook events.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(4_230);

    private static readonly HashSet<string> ChangeTypes = new(StringComparer.Ordinal) { "created", "updated", "deleted" };

    private readonly ConcurrentDictionary<string, EmulatedSubscription> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _deliveries = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private int _created;
    private int _renewed;
    private int _deleted;
    private int _failedValidations;
    private int _delivered;
    private int _failedDeliveries;

    /// <summary>The tenant every notification names.</summary>
    public string TenantId { get; } = "84bd8158-6d4d-4958-8b9f-9d6445542f95";

    /// <summary>Subscriptions that exist and have not expired.</summary>
    public IReadOnlyList<EmulatedSubscription> Live => [.. _live.Values.Where(s => s.ExpiresAt > time.GetUtcNow())];

    /// <summary>Subscriptions created.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Subscriptions renewed.</summary>
    public int Renewed => Volatile.Read(ref _renewed);

    /// <summary>Subscriptions deleted by the subscriber.</summary>
    public int Deleted => Volatile.Read(ref _deleted);

    /// <summary>Creations refused because the receiver failed the validation handshake.</summary>
    public int FailedValidations => Volatile.Read(ref _failedValidations);

    /// <summary>Notifications the receiver answered with 2xx.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>Notifications the receiver did not accept (not 2xx, or not reached).</summary>
    public int FailedDeliveries => Volatile.Read(ref _failedDeliveries);

    /// <summary>Waits until every notification sent so far was answered.</summary>
    public Task DeliveredAsync() => Task.WhenAll(_deliveries);

    /// <summary>Creates a subscription after validating its URLs; the answer's status and body.</summary>
    public async Task<(int Status, JsonObject Body)> CreateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        var changeType = Text(body, "changeType");
        var notificationUrl = Url(Text(body, "notificationUrl"));
        var lifecycleText = Text(body, "lifecycleNotificationUrl");
        var lifecycleUrl = Url(lifecycleText);
        var resource = Text(body, "resource") ?? string.Empty;
        var clientState = Text(body, "clientState");
        var expires = DateTimeOffset.TryParse(Text(body, "expirationDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        var (mailbox, folder) = MailboxOf(resource);
        var now = time.GetUtcNow();
        var problem = changeType is null || !changeType.Split(',').All(ChangeTypes.Contains) ? "changeType must be a comma-separated list of created, updated, deleted."
            : notificationUrl is null ? "notificationUrl must be an absolute https URL."
            : lifecycleText is not null && lifecycleUrl is null ? "lifecycleNotificationUrl must be an absolute https URL."
            : mailbox is null ? $"Resource '{resource}' is not supported; use users/{{id}}/events or users/{{id}}/contactFolders/{{id}}/contacts."
            : expires is not { } expiry || expiry <= now ? "expirationDateTime must be in the future."
            : expiry - now > MaxLifetime ? $"Subscription expiration can only be {MaxLifetime.TotalMinutes:0} minutes in the future."
            : clientState is { Length: > 128 } ? "clientState must be at most 128 characters."
            : null;
        if (problem is not null)
        {
            return (400, Error("InvalidRequest", problem));
        }

        foreach (var url in new[] { notificationUrl, lifecycleUrl }.OfType<Uri>().Distinct())
        {
            if (!await ValidatesAsync(url, cancellationToken))
            {
                Interlocked.Increment(ref _failedValidations);
                return (400, Error("ValidationError", $"Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. ({url.GetLeftPart(UriPartial.Path)})"));
            }
        }

        var subscription = new EmulatedSubscription(Guid.NewGuid().ToString("D"), mailbox!, changeType!, notificationUrl!, lifecycleUrl, clientState, expires!.Value) { ContactFolder = folder };
        _live[subscription.Id] = subscription;
        Interlocked.Increment(ref _created);
        return (201, subscription.ToJson());
    }

    /// <summary>Moves a subscription's expiry.</summary>
    public (int Status, JsonObject Body) Renew(string id, JsonNode? body)
    {
        if (!_live.TryGetValue(id, out var subscription) || subscription.ExpiresAt <= time.GetUtcNow())
        {
            return (404, Error("ResourceNotFound", $"The object was not found. (subscription {id})"));
        }

        if (!DateTimeOffset.TryParse(Text(body, "expirationDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            || expires <= time.GetUtcNow() || expires - time.GetUtcNow() > MaxLifetime)
        {
            return (400, Error("InvalidRequest", $"expirationDateTime must be in the future, at most {MaxLifetime.TotalMinutes:0} minutes."));
        }

        var renewed = subscription with { ExpiresAt = expires };
        _live[id] = renewed;
        Interlocked.Increment(ref _renewed);
        return (200, renewed.ToJson());
    }

    /// <summary>Deletes a subscription; false when there was none.</summary>
    public bool Delete(string id)
    {
        if (!_live.TryRemove(id, out _))
        {
            return false;
        }

        Interlocked.Increment(ref _deleted);
        return true;
    }

    /// <summary>The live subscriptions of <paramref name="mailbox"/>.</summary>
    public IReadOnlyList<EmulatedSubscription> Of(string mailbox) => [.. Live.Where(s => string.Equals(s.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Sends the change notification for a changed event of <paramref name="mailbox"/> to each of its subscriptions that asked for <paramref name="changeType"/>.</summary>
    public void Changed(string mailbox, string changeType)
    {
        foreach (var subscription in Of(mailbox).Where(s => s.ContactFolder is null && s.ChangeType.Split(',').Contains(changeType)))
        {
            var eventId = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            var resource = $"Users/{UserIdOf(mailbox)}/Events/{eventId}";
            var item = new JsonObject
            {
                ["subscriptionId"] = subscription.Id,
                ["subscriptionExpirationDateTime"] = subscription.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
                ["changeType"] = changeType,
                ["resource"] = resource,
                ["resourceData"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Graph.Event",
                    ["@odata.id"] = resource,
                    ["@odata.etag"] = "W/\"DwAAABYAAADYy1O7WqT5SY/JHOnwDXGBAAAMWQXb\"",
                    ["id"] = eventId,
                },
                ["clientState"] = subscription.ClientState,
                ["tenantId"] = TenantId,
            };
            Deliver(subscription.NotificationUrl, new JsonObject { ["value"] = new JsonArray(item) });
        }
    }

    /// <summary>Sends a lifecycle event to each subscription of <paramref name="mailbox"/>; <c>subscriptionRemoved</c> also removes them.</summary>
    /// <summary>A contact of <paramref name="folderId"/> changed (in Outlook or through a protocol): notifies the subscriptions to that folder's contacts.</summary>
    public void ContactChanged(string mailbox, string folderId, string changeType, string contactId)
    {
        foreach (var subscription in Of(mailbox).Where(s => s.ContactFolder == folderId && s.ChangeType.Split(',').Contains(changeType)))
        {
            var resource = $"Users/{UserIdOf(mailbox)}/Contacts/{contactId}";
            Deliver(subscription.NotificationUrl, new JsonObject
            {
                ["value"] = new JsonArray(new JsonObject
                {
                    ["subscriptionId"] = subscription.Id,
                    ["subscriptionExpirationDateTime"] = subscription.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
                    ["changeType"] = changeType,
                    ["resource"] = resource,
                    ["resourceData"] = new JsonObject
                    {
                        ["@odata.type"] = "#Microsoft.Graph.Contact",
                        ["@odata.id"] = resource,
                        ["id"] = contactId,
                    },
                    ["clientState"] = subscription.ClientState,
                    ["tenantId"] = TenantId,
                }),
            });
        }
    }

    public void Lifecycle(string mailbox, string lifecycleEvent)
    {
        foreach (var subscription in Of(mailbox))
        {
            if (lifecycleEvent == "subscriptionRemoved")
            {
                _live.TryRemove(subscription.Id, out _);
            }

            Deliver(subscription.LifecycleUrl ?? subscription.NotificationUrl, new JsonObject
            {
                ["value"] = new JsonArray(new JsonObject
                {
                    ["subscriptionId"] = subscription.Id,
                    ["subscriptionExpirationDateTime"] = subscription.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
                    ["tenantId"] = TenantId,
                    ["clientState"] = subscription.ClientState,
                    ["lifecycleEvent"] = lifecycleEvent,
                }),
            });
        }
    }

    public void Dispose() => _http.Dispose();

    private void Deliver(Uri url, JsonObject payload) => _deliveries.Add(Task.Run(async () =>
    {
        try
        {
            using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
            using var answer = await _http.PostAsync(url, content);
            Interlocked.Increment(ref answer.IsSuccessStatusCode ? ref _delivered : ref _failedDeliveries);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _failedDeliveries);
        }
    }));

    /// <summary>Graph's handshake: the token (with characters that need encoding) must come back decoded, as text/plain, with 200.</summary>
    private async Task<bool> ValidatesAsync(Uri url, CancellationToken cancellationToken)
    {
        var token = $"Validation: Testing client application reachability for subscription Request-Id: {Guid.NewGuid()}";
        var separator = url.Query.Length > 0 ? "&" : "?";
        try
        {
            using var content = new StringContent(string.Empty, Encoding.UTF8, "text/plain");
            using var answer = await _http.PostAsync(new Uri(url + separator + "validationToken=" + Uri.EscapeDataString(token)), content, cancellationToken);
            return answer.StatusCode == HttpStatusCode.OK
                && answer.Content.Headers.ContentType?.MediaType == "text/plain"
                && await answer.Content.ReadAsStringAsync(cancellationToken) == token;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static (string? Mailbox, string? Folder) MailboxOf(string resource)
    {
        var parts = resource.Trim('/').Split('/');
        if (parts.Length < 3 || !parts[0].Equals("users", StringComparison.OrdinalIgnoreCase) || !parts[1].Contains('@', StringComparison.Ordinal))
        {
            return (null, null);
        }

        return parts.Length == 3 && parts[2].Equals("events", StringComparison.OrdinalIgnoreCase) ? (parts[1], null)
            : parts.Length == 5 && parts[2].Equals("contactFolders", StringComparison.OrdinalIgnoreCase) && parts[4].Equals("contacts", StringComparison.OrdinalIgnoreCase) ? (parts[1], parts[3])
            : (null, null);
    }

    private static string UserIdOf(string mailbox) => new Guid(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(mailbox.ToLowerInvariant()))[..16]).ToString("D");

    private static Uri? Url(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) ? url : null;

    private static string? Text(JsonNode? node, string name) =>
        node is JsonObject properties && properties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}

/// <summary>A subscription the emulator holds.</summary>
public sealed record class EmulatedSubscription(string Id, string Mailbox, string ChangeType, Uri NotificationUrl, Uri? LifecycleUrl, string? ClientState, DateTimeOffset ExpiresAt)
{
    /// <summary>The contact folder whose contacts it watches; null for the calendar (<c>users/{id}/events</c>).</summary>
    public string? ContactFolder { get; init; }

    /// <summary>Graph's subscription resource.</summary>
    public JsonObject ToJson() => new()
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
        ["id"] = Id,
        ["resource"] = ContactFolder is null ? $"users/{Mailbox}/events" : $"users/{Mailbox}/contactFolders/{ContactFolder}/contacts",
        ["applicationId"] = "24d3b144-21ae-4080-943f-7067b395b913",
        ["changeType"] = ChangeType,
        ["clientState"] = ClientState,
        ["notificationUrl"] = NotificationUrl.ToString(),
        ["lifecycleNotificationUrl"] = LifecycleUrl?.ToString(),
        ["expirationDateTime"] = ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
        ["latestSupportedTlsVersion"] = "v1_2",
    };
}
