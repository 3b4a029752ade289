using PresenceCluster.Errors;
using PresenceCluster.Http.Graph;
using PresenceCluster.Webhooks;

namespace PresenceCluster.UnitTests.Graph;

/// <summary>What a presence subscription request must be before anyone is contacted, and how its resource names users.</summary>
public sealed class SubscriptionRequestRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly WebhookOptions Options = new();

    [Theory]
    [InlineData("Filter", "/communications/presences?$filter=id in ('bob@contoso.com','sip:carol@contoso.com')", "sip:bob@contoso.com,sip:carol@contoso.com")]
    [InlineData("FilterWithoutSlash_Spaces", "communications/presences?$filter=id in ( 'bob@contoso.com' , 'carol@contoso.com' )", "sip:bob@contoso.com,sip:carol@contoso.com")]
    [InlineData("FilterUrlEncoded", "/communications/presences?%24filter=id%20in%20(%27bob%40contoso.com%27)", "sip:bob@contoso.com")]
    [InlineData("FilterDuplicates_CountOnce", "/communications/presences?$filter=id in ('bob@contoso.com','BOB@contoso.com')", "sip:bob@contoso.com")]
    [InlineData("Single", "/communications/presences/bob@contoso.com", "sip:bob@contoso.com")]
    [InlineData("SingleSip", "communications/presences/sip:bob@contoso.com", "sip:bob@contoso.com")]
    public void Resource_NamesTheWatchedUsers(string name, string resource, string expected) =>
        Assert.True(
            string.Join(',', PresenceSubscriptionResource.Parse(resource, 650).Select(u => u.Value)) == expected,
            name);

    [Theory]
    [InlineData("/me/contacts", "only presence")]
    [InlineData("/communications/presences", "only presence")]
    [InlineData("/communications/presences?$filter=id eq 'bob@contoso.com'", "only presence")]
    [InlineData("/communications/presences?$filter=id in ()", "only presence")]
    [InlineData("/communications/presences/not an address", "resource id 1")]
    [InlineData("", "is missing")]
    public void Resource_OtherwiseIsRefused(string resource, string expected) =>
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => PresenceSubscriptionResource.Parse(resource, 650)).Message, StringComparison.Ordinal);

    [Fact]
    public void Resource_WithMoreUsersThanAllowed_IsRefused()
    {
        var ids = string.Join(',', Enumerable.Range(0, 651).Select(i => $"'u{i}@contoso.com'"));
        Assert.Contains("names 651 users; at most 650", Assert.Throws<InvalidInputException>(() => PresenceSubscriptionResource.Parse($"/communications/presences?$filter=id in ({ids})", 650)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidRequest_BecomesTheSubscription()
    {
        var request = Request() with { LifecycleNotificationUrl = "https://hooks.contoso.com/lifecycle" };

        var subscription = SubscriptionRequestRules.ToSubscription(request, "id-1", "sip:alice@contoso.com", "app-1", Now, Options);

        Assert.Equal("id-1", subscription.Id);
        Assert.Equal("sip:alice@contoso.com", subscription.Owner);
        Assert.Equal(["sip:bob@contoso.com"], subscription.Targets);
        Assert.Equal(new Uri("https://hooks.contoso.com/presence"), subscription.NotificationUrl);
        Assert.Equal(new Uri("https://hooks.contoso.com/lifecycle"), subscription.LifecycleNotificationUrl);
        Assert.Equal("app-1", subscription.ApplicationId);
        Assert.Equal(Now.AddMinutes(60), subscription.ExpirationDateTime);
    }

    public static TheoryData<string, GraphSubscription.Request, string> Refused => new()
    {
        { "ChangeTypeCreated", Request() with { ChangeType = "created" }, "changeType" },
        { "ChangeTypeMissing", Request() with { ChangeType = null }, "changeType" },
        { "RichNotifications", Request() with { IncludeResourceData = true }, "includeResourceData" },
        { "ClientStateTooLong", Request() with { ClientState = new string('x', 129) }, "clientState" },
        { "NotificationUrlPrivate", Request() with { NotificationUrl = "https://192.168.0.10/hook" }, "notificationUrl" },
        { "LifecycleUrlHttp", Request() with { LifecycleNotificationUrl = "http://hooks.contoso.com/" }, "lifecycleNotificationUrl" },
        { "ExpirationMissing", Request() with { ExpirationDateTime = null }, "expirationDateTime" },
        { "ExpirationPast", Request() with { ExpirationDateTime = Now }, "expirationDateTime" },
        { "ExpirationTooFar", Request() with { ExpirationDateTime = Now.AddMinutes(60).AddSeconds(1) }, "expirationDateTime" },
        { "ResourceMissing", Request() with { Resource = null }, "resource" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void InvalidRequest_IsRefused_NamingTheField(string name, GraphSubscription.Request request, string field)
    {
        var refusal = Assert.Throws<InvalidInputException>(() => SubscriptionRequestRules.ToSubscription(request, "id", "sip:alice@contoso.com", null, Now, Options));
        Assert.True(refusal.Message.Contains(field, StringComparison.Ordinal), $"{name}: {refusal.Message}");
    }

    private static GraphSubscription.Request Request() => new(
        "updated", "https://hooks.contoso.com/presence", null, "/communications/presences/bob@contoso.com", Now.AddMinutes(60), "secret", false);
}
