using System.Text.Json;
using System.Text.Json.Serialization;
using PresenceCluster.Identity;

namespace PresenceCluster.Webhooks;

/// <summary>
/// The bodies the cluster posts to webhooks, shaped as Microsoft Graph's change notifications for presence:
/// <c>{"value":[{"subscriptionId","clientState","changeType":"updated","resource","subscriptionExpirationDateTime",
/// "resourceData":{"@odata.id","@odata.type","id"}}]}</c>, one item per watched user that changed (basic notifications:
/// the receiver reads the new presence with <c>GET</c>); and lifecycle events
/// <c>{"value":[{"subscriptionId","subscriptionExpirationDateTime","clientState","lifecycleEvent"}]}</c>.
/// </summary>
public static class ChangeNotificationPayload
{
    /// <summary>Lifecycle event: notifications were dropped after the retry window; read the watched users' presence again.</summary>
    public const string Missed = "missed";

    /// <summary>Lifecycle event: the cluster ended the subscription (it expired); create a new one.</summary>
    public const string SubscriptionRemoved = "subscriptionRemoved";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>One notification per user in <paramref name="changedTargets"/> (normalised SIP URIs).</summary>
    public static string Notifications(WebhookSubscription subscription, IEnumerable<string> changedTargets) =>
        JsonSerializer.Serialize(
            new Envelope<Notification>([.. changedTargets.Select(target => Item(subscription, SipUri.Parse(target).Address))]),
            Json);

    /// <summary>A lifecycle event (<see cref="Missed"/> or <see cref="SubscriptionRemoved"/>).</summary>
    public static string Lifecycle(WebhookSubscription subscription, string lifecycleEvent) =>
        JsonSerializer.Serialize(
            new Envelope<LifecycleNotification>([new LifecycleNotification(subscription.Id, subscription.ExpirationDateTime, subscription.ClientState, lifecycleEvent)]),
            Json);

    private static Notification Item(WebhookSubscription subscription, string address) => new(
        subscription.Id,
        subscription.ClientState,
        "updated",
        $"communications/presences/{address}",
        subscription.ExpirationDateTime,
        new ResourceData($"users/{address}/presence", "#microsoft.graph.presence", address));

    private sealed record class Envelope<T>([property: JsonPropertyName("value")] IReadOnlyList<T> Value);

    private sealed record class Notification(
        [property: JsonPropertyName("subscriptionId")] string SubscriptionId,
        [property: JsonPropertyName("clientState")] string? ClientState,
        [property: JsonPropertyName("changeType")] string ChangeType,
        [property: JsonPropertyName("resource")] string Resource,
        [property: JsonPropertyName("subscriptionExpirationDateTime")] DateTimeOffset SubscriptionExpirationDateTime,
        [property: JsonPropertyName("resourceData")] ResourceData ResourceData);

    private sealed record class ResourceData(
        [property: JsonPropertyName("@odata.id")] string ODataId,
        [property: JsonPropertyName("@odata.type")] string ODataType,
        [property: JsonPropertyName("id")] string Id);

    private sealed record class LifecycleNotification(
        [property: JsonPropertyName("subscriptionId")] string SubscriptionId,
        [property: JsonPropertyName("subscriptionExpirationDateTime")] DateTimeOffset SubscriptionExpirationDateTime,
        [property: JsonPropertyName("clientState")] string? ClientState,
        [property: JsonPropertyName("lifecycleEvent")] string LifecycleEvent);
}
