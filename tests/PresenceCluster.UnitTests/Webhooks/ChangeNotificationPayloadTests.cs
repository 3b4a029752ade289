using System.Text.Json;
using PresenceCluster.Webhooks;

namespace PresenceCluster.UnitTests.Webhooks;

/// <summary>The posted bodies in Graph's shapes, as Graph clients parse them.</summary>
public sealed class ChangeNotificationPayloadTests
{
    private static readonly WebhookSubscription Subscription = new()
    {
        Id = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
        Owner = "sip:alice@contoso.com",
        Resource = "/communications/presences?$filter=id in ('bob@contoso.com','carol@contoso.com')",
        Targets = ["sip:bob@contoso.com", "sip:carol@contoso.com"],
        NotificationUrl = new Uri("https://hooks.contoso.com/presence"),
        ClientState = "secret",
        ExpirationDateTime = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Notifications_OneItemPerChangedUser_InGraphsBasicPresenceShape()
    {
        using var document = JsonDocument.Parse(ChangeNotificationPayload.Notifications(Subscription, ["sip:bob@contoso.com", "sip:carol@contoso.com"]));

        var items = document.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var bob = items[0];
        Assert.Equal(Subscription.Id, bob.GetProperty("subscriptionId").GetString());
        Assert.Equal("secret", bob.GetProperty("clientState").GetString());
        Assert.Equal("updated", bob.GetProperty("changeType").GetString());
        Assert.Equal("communications/presences/bob@contoso.com", bob.GetProperty("resource").GetString());
        Assert.Equal(Subscription.ExpirationDateTime, bob.GetProperty("subscriptionExpirationDateTime").GetDateTimeOffset());
        var data = bob.GetProperty("resourceData");
        Assert.Equal("users/bob@contoso.com/presence", data.GetProperty("@odata.id").GetString());
        Assert.Equal("#microsoft.graph.presence", data.GetProperty("@odata.type").GetString());
        Assert.Equal("bob@contoso.com", data.GetProperty("id").GetString());
        Assert.Equal("carol@contoso.com", items[1].GetProperty("resourceData").GetProperty("id").GetString());
    }

    [Fact]
    public void Notifications_WithoutClientState_LeaveItOut()
    {
        using var document = JsonDocument.Parse(ChangeNotificationPayload.Notifications(Subscription with { ClientState = null }, ["sip:bob@contoso.com"]));
        Assert.False(document.RootElement.GetProperty("value")[0].TryGetProperty("clientState", out _));
    }

    [Theory]
    [InlineData(ChangeNotificationPayload.Missed)]
    [InlineData(ChangeNotificationPayload.SubscriptionRemoved)]
    public void Lifecycle_InGraphsShape(string lifecycleEvent)
    {
        using var document = JsonDocument.Parse(ChangeNotificationPayload.Lifecycle(Subscription, lifecycleEvent));

        var item = Assert.Single(document.RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal(Subscription.Id, item.GetProperty("subscriptionId").GetString());
        Assert.Equal(lifecycleEvent, item.GetProperty("lifecycleEvent").GetString());
        Assert.Equal("secret", item.GetProperty("clientState").GetString());
        Assert.Equal(Subscription.ExpirationDateTime, item.GetProperty("subscriptionExpirationDateTime").GetDateTimeOffset());
    }
}
