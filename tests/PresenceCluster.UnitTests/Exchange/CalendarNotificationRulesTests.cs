using System.Text.Json;
using PresenceCluster.Errors;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Http.Exchange;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>Graph's calendar change notifications as the webhook route reads them, and the setting that turns them on.</summary>
public sealed class CalendarNotificationRulesTests
{
    [Fact]
    public void Notification_FromGraphsDocumentedShape_IsReadItemByItem()
    {
        // An Outlook event notification and a lifecycle event, in Graph's documented shapes.
        var items = Parse("""
            {"value":[
              {"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","subscriptionExpirationDateTime":"2026-01-08T07:00:00+00:00",
               "changeType":"created","resource":"Users/{user-id}/Events/{event-id}",
               "resourceData":{"@odata.type":"#Microsoft.Graph.Event","@odata.id":"Users/{user-id}/Events/{event-id}","@odata.etag":"W/\"DwAAABYAAADYy1O7\"","id":"{event-id}"},
               "clientState":"secretClientValue","tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95"},
              {"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07","subscriptionExpirationDateTime":"2026-01-08T07:00:00+00:00",
               "tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95","clientState":"secretClientValue","lifecycleEvent":"subscriptionRemoved"}
            ]}
            """);

        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Equal(("7f105c7d-2dc5-4530-97cd-4e7ae6534c07", "secretClientValue"), (item.SubscriptionId, item.ClientState)));
        Assert.Null(items[0].LifecycleEvent);
        Assert.Equal("subscriptionRemoved", items[1].LifecycleEvent);
    }

    [Theory]
    [InlineData("NotAnObject", "[]", "value")]
    [InlineData("NoValue", """{"values":[]}""", "value")]
    [InlineData("EmptyValue", """{"value":[]}""", "value")]
    [InlineData("ItemNotAnObject", """{"value":["x"]}""", "value")]
    [InlineData("NoSubscriptionId", """{"value":[{"clientState":"s"}]}""", "subscriptionId")]
    [InlineData("NoClientState", """{"value":[{"subscriptionId":"a"}]}""", "clientState")]
    [InlineData("ClientStateTooLong", """{"value":[{"subscriptionId":"a","clientState":"SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS"}]}""", "clientState")]
    [InlineData("SubscriptionIdNotText", """{"value":[{"subscriptionId":7,"clientState":"s"}]}""", "subscriptionId")]
    [InlineData("UnknownLifecycleEvent", """{"value":[{"subscriptionId":"a","clientState":"s","lifecycleEvent":"exploded"}]}""", "lifecycleEvent")]
    public void Malformed_IsRefusedWhole_NamingWhatIsWrong(string name, string body, string parameter)
    {
        var refused = Assert.Throws<InvalidInputException>(() => Parse(body));

        Assert.True(parameter == refused.Parameter, name);
    }

    [Fact]
    public void MoreItemsThanAllowed_AreRefused()
    {
        var body = "{\"value\":[" + string.Join(',', Enumerable.Repeat("""{"subscriptionId":"a","clientState":"s"}""", GraphNotificationPayload.MaxItems + 1)) + "]}";

        Assert.Equal("value", Assert.Throws<InvalidInputException>(() => Parse(body)).Parameter);
    }

    [Theory]
    [InlineData("Https", "https://presence.contoso.com/exchange/graph/notifications", true)]
    [InlineData("HttpOnLoopback", "http://127.0.0.1:8080/exchange/graph/notifications", true)]
    [InlineData("HttpElsewhere", "http://presence.contoso.com/exchange/graph/notifications", false)]
    [InlineData("WithQuery", "https://presence.contoso.com/exchange/graph/notifications?x=1", false)]
    [InlineData("WithFragment", "https://presence.contoso.com/exchange/graph/notifications#x", false)]
    public void NotificationUrl_MustBeHttpsWithoutQuery(string name, string url, bool valid)
    {
        var failures = new GraphBackendOptions { NotificationUrl = new Uri(url) }.Validate();

        Assert.True(valid == (failures.Count == 0), $"{name}: {string.Join(' ', failures)}");
        Assert.All(failures, failure => Assert.Contains("Exchange:Graph:NotificationUrl", failure, StringComparison.Ordinal));
    }

    private static IReadOnlyList<PresenceCluster.Exchange.MailboxChangeNotification> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return GraphNotificationPayload.Parse(document.RootElement);
    }
}
