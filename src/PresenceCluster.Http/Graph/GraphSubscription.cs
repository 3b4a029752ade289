using System.Text.Json.Serialization;
using PresenceCluster.Webhooks;

namespace PresenceCluster.Http.Graph;

/// <summary>Microsoft Graph's <c>subscription</c> resource, as <c>/v1.0/subscriptions</c> answers it.</summary>
public sealed record class GraphSubscription(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ODataContext,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("applicationId")] string? ApplicationId,
    [property: JsonPropertyName("changeType")] string ChangeType,
    [property: JsonPropertyName("clientState")] string? ClientState,
    [property: JsonPropertyName("notificationUrl")] string NotificationUrl,
    [property: JsonPropertyName("lifecycleNotificationUrl")] string? LifecycleNotificationUrl,
    [property: JsonPropertyName("expirationDateTime")] DateTimeOffset ExpirationDateTime,
    [property: JsonPropertyName("creatorId")] string CreatorId,
    [property: JsonPropertyName("includeResourceData")] bool IncludeResourceData,
    [property: JsonPropertyName("latestSupportedTlsVersion")] string LatestSupportedTlsVersion)
{
    /// <summary>The body of <c>POST</c> and <c>PATCH /v1.0/subscriptions</c>: Graph's fields this API reads.</summary>
    public sealed record class Request(
        [property: JsonPropertyName("changeType")] string? ChangeType,
        [property: JsonPropertyName("notificationUrl")] string? NotificationUrl,
        [property: JsonPropertyName("lifecycleNotificationUrl")] string? LifecycleNotificationUrl,
        [property: JsonPropertyName("resource")] string? Resource,
        [property: JsonPropertyName("expirationDateTime")] DateTimeOffset? ExpirationDateTime,
        [property: JsonPropertyName("clientState")] string? ClientState,
        [property: JsonPropertyName("includeResourceData")] bool? IncludeResourceData);

    /// <summary>The Graph resource of <paramref name="subscription"/>.</summary>
    public static GraphSubscription From(WebhookSubscription subscription, string? odataContext = null) => new(
        odataContext,
        subscription.Id,
        subscription.Resource,
        subscription.ApplicationId,
        "updated",
        subscription.ClientState,
        subscription.NotificationUrl.ToString(),
        subscription.LifecycleNotificationUrl?.ToString(),
        subscription.ExpirationDateTime,
        Identity.SipUri.Parse(subscription.Owner).Address,
        IncludeResourceData: false,
        "v1_2");
}
