using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Http;

/// <summary>
/// Graph change notifications over a real silo and a real receiver on loopback: the validation handshake, Graph's
/// notification and lifecycle shapes, ownership of subscriptions, retries of a failing receiver, and the end of the
/// retry window.
/// </summary>
public sealed class GraphSubscriptionsApiTests : IClassFixture<GraphSubscriptionsApiTests.Silo>, IAsyncLifetime
{
    private readonly Silo _silo;
    private WebhookReceiver _receiver = null!;

    public GraphSubscriptionsApiTests(Silo silo) => _silo = silo;

    /// <summary>A silo whose webhooks may reach loopback, with retries short enough for a test.</summary>
    public sealed class Silo : IAsyncDisposable
    {
        public SiloWebApplicationFactory Factory { get; } = new(new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.2",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.5",
            ["Webhooks:RetryWindow"] = "00:00:03",
        });

        public PresenceClusterClient Client => new(Factory.Services.GetRequiredService<IClusterClient>());

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Create_AfterTheHandshake_PostsAGraphNotificationForEachChangeOfAWatchedUser()
    {
        var (alice, bob, carol) = (Users.New("alice"), Users.New("bob"), Users.New("carol"));
        await SignInAsync(bob);
        using var http = await _silo.Factory.CreateSignedInClientAsync(alice.Address);
        var expiration = DateTimeOffset.UtcNow.AddMinutes(45);

        using var response = await http.PostAsJsonAsync("/v1.0/subscriptions", new
        {
            changeType = "updated",
            notificationUrl = _receiver.NotificationUrl,
            resource = $"/communications/presences?$filter=id in ('{bob.Address}','{carol.Value}')",
            expirationDateTime = expiration,
            clientState = "secret-123",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(1, _receiver.Validations);
        Assert.Equal($"/v1.0/subscriptions/{id}", response.Headers.Location!.OriginalString);
        Assert.EndsWith("/v1.0/$metadata#subscriptions/$entity", created.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.Equal("updated", created.GetProperty("changeType").GetString());
        Assert.Equal("secret-123", created.GetProperty("clientState").GetString());
        Assert.Equal(alice.Address, created.GetProperty("creatorId").GetString());
        Assert.Equal(expiration.ToUnixTimeSeconds(), created.GetProperty("expirationDateTime").GetDateTimeOffset().ToUnixTimeSeconds());

        // Creating sent nothing but the handshake; a change does.
        Assert.False(_receiver.TryTakeNotification(out _));
        await _silo.Client.SetManualStateAsync(bob, ManualState.Busy);

        var item = Assert.Single((await _receiver.NextNotificationAsync()).GetProperty("value").EnumerateArray());
        Assert.Equal(id, item.GetProperty("subscriptionId").GetString());
        Assert.Equal("secret-123", item.GetProperty("clientState").GetString());
        Assert.Equal("updated", item.GetProperty("changeType").GetString());
        Assert.Equal($"communications/presences/{bob.Address}", item.GetProperty("resource").GetString());
        Assert.Equal($"users/{bob.Address}/presence", item.GetProperty("resourceData").GetProperty("@odata.id").GetString());
        Assert.Equal("#microsoft.graph.presence", item.GetProperty("resourceData").GetProperty("@odata.type").GetString());
        Assert.Equal(bob.Address, item.GetProperty("resourceData").GetProperty("id").GetString());
        Assert.Equal("?tenant=contoso", _receiver.LastQuery);

        // What the notification points at is what the subscriber reads next.
        var presence = await http.GetFromJsonAsync<JsonElement>($"/v1.0/communications/presences/{bob.Address}");
        Assert.Equal("Busy", presence.GetProperty("availability").GetString());
    }

    [Fact]
    public async Task Notifications_FollowTheSubscribersPrivacy_ABlockedSubscriberHearsNothingOfTheBlocker()
    {
        var (alice, bob, carol) = (Users.New("alice"), Users.New("bob"), Users.New("carol"));
        await SignInAsync(bob);
        await SignInAsync(carol);
        await _silo.Client.SetContactAsync(bob, new PresenceCluster.Contacts.Contact { Uri = alice.Value });
        await _silo.Client.SetAccessLevelAsync(bob, alice, PresenceCluster.Privacy.AccessLevel.Blocked);
        using var http = await _silo.Factory.CreateSignedInClientAsync(alice.Address);
        var body = Body(bob);
        body["resource"] = $"/communications/presences?$filter=id in ('{bob.Address}','{carol.Address}')";
        using var created = await http.PostAsJsonAsync("/v1.0/subscriptions", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Bob's change first, then Carol's: had Bob's reached Alice it would arrive before or with Carol's.
        await _silo.Client.SetManualStateAsync(bob, ManualState.Busy);
        await _silo.Client.SetNoteAsync(bob, "Not for Alice");
        await _silo.Client.SetManualStateAsync(carol, ManualState.Busy);

        var item = Assert.Single((await _receiver.NextNotificationAsync()).GetProperty("value").EnumerateArray());
        Assert.Equal(carol.Address, item.GetProperty("resourceData").GetProperty("id").GetString());
        var seen = await http.GetFromJsonAsync<JsonElement>($"/v1.0/users/{bob.Address}/presence");
        Assert.Equal("Offline", seen.GetProperty("availability").GetString());
    }

    [Fact]
    public async Task Create_WhenTheReceiverDoesNotEchoTheToken_Is400_AndCreatesNothing()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        using var http = await _silo.Factory.CreateSignedInClientAsync(alice.Address);
        _receiver.EchoesWrongToken = true;

        using var response = await http.PostAsJsonAsync("/v1.0/subscriptions", Body(bob));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalidRequest", error.GetProperty("code").GetString());
        Assert.Contains("did not echo the validationToken", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/v1.0/subscriptions")).GetProperty("value").EnumerateArray());
    }

    [Theory]
    [InlineData("changeType", "created", "changeType")]
    [InlineData("resource", "/me/contacts", "only presence can be subscribed to")]
    [InlineData("notificationUrl", "http://example.com/hook", "must use https")]
    [InlineData("notificationUrl", "https://10.1.2.3/hook", "private-network address 10.1.2.3")]
    [InlineData("notificationUrl", "https://169.254.169.254/latest", "private-network address 169.254.169.254")]
    [InlineData("clientState", "129", "at most 128")]
    [InlineData("expirationDateTime", "+61", "more than 60 minutes in the future")]
    [InlineData("expirationDateTime", "-1", "in the past")]
    [InlineData("includeResourceData", "true", "basic notifications")]
    public async Task Create_RefusesWhatGraphRefuses_WithAGraphError_BeforeContactingAnyone(string field, string value, string expected)
    {
        using var http = await _silo.Factory.CreateSignedInClientAsync(Users.New("alice").Address);
        var body = new Dictionary<string, object?>
        {
            ["changeType"] = "updated",
            ["notificationUrl"] = _receiver.NotificationUrl.ToString(),
            ["resource"] = $"/communications/presences/{Users.New("bob").Address}",
            ["expirationDateTime"] = DateTimeOffset.UtcNow.AddMinutes(30),
        };
        body[field] = field switch
        {
            "clientState" => new string('x', int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "expirationDateTime" => DateTimeOffset.UtcNow.AddMinutes(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "includeResourceData" => true,
            _ => value,
        };

        using var response = await http.PostAsJsonAsync("/v1.0/subscriptions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _receiver.Validations);
    }

    [Fact]
    public async Task Subscriptions_BelongToTheirCreator_WhoListsRenewsAndDeletesThem()
    {
        var (alice, dave, bob) = (Users.New("alice"), Users.New("dave"), Users.New("bob"));
        using var aliceHttp = await _silo.Factory.CreateSignedInClientAsync(alice.Address);
        using var daveHttp = await _silo.Factory.CreateSignedInClientAsync(dave.Address);
        using var created = await aliceHttp.PostAsJsonAsync("/v1.0/subscriptions", Body(bob));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var renewedTo = DateTimeOffset.UtcNow.AddMinutes(59);

        var listed = await aliceHttp.GetFromJsonAsync<JsonElement>("/v1.0/subscriptions");
        var othersList = await daveHttp.GetFromJsonAsync<JsonElement>("/v1.0/subscriptions");
        using var othersGet = await daveHttp.GetAsync($"/v1.0/subscriptions/{id}");
        using var othersDelete = await daveHttp.DeleteAsync($"/v1.0/subscriptions/{id}");
        using var renewed = await aliceHttp.PatchAsJsonAsync($"/v1.0/subscriptions/{id}", new { expirationDateTime = renewedTo });
        using var tooLong = await aliceHttp.PatchAsJsonAsync($"/v1.0/subscriptions/{id}", new { expirationDateTime = DateTimeOffset.UtcNow.AddHours(2) });
        var read = await aliceHttp.GetFromJsonAsync<JsonElement>($"/v1.0/subscriptions/{id}");
        using var deleted = await aliceHttp.DeleteAsync($"/v1.0/subscriptions/{id}");
        using var afterDelete = await aliceHttp.GetAsync($"/v1.0/subscriptions/{id}");
        using var notAnId = await aliceHttp.GetAsync("/v1.0/subscriptions/not-a-subscription");

        Assert.Equal(id, Assert.Single(listed.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(othersList.GetProperty("value").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, othersGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, othersDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(renewedTo.ToUnixTimeSeconds(), read.GetProperty("expirationDateTime").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal("itemNotFound", (await afterDelete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
    }

    [Fact]
    public async Task AFailingReceiver_IsRetried_AndGetsEachUsersLatestStateOnceWhenItRecovers()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        await SignInAsync(bob);
        using var http = await _silo.Factory.CreateSignedInClientAsync(alice.Address);
        using var created = await http.PostAsJsonAsync("/v1.0/subscriptions", Body(bob));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var subscription = _silo.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookSubscriptionGrain>(id);
        _receiver.FailNext(3);

        // Three changes while the receiver fails: state, not a log, so one notification for bob when it recovers.
        await _silo.Client.SetManualStateAsync(bob, ManualState.Busy);
        await _silo.Client.SetManualStateAsync(bob, ManualState.DoNotDisturb);
        await _silo.Client.SetManualStateAsync(bob, ManualState.BeRightBack);
        var notification = await _receiver.NextNotificationAsync();

        Assert.Equal(3, _receiver.Refused);
        var items = notification.GetProperty("value").EnumerateArray().ToList();
        Assert.All(items, item => Assert.Equal(bob.Address, item.GetProperty("resourceData").GetProperty("id").GetString()));
        var status = await subscription.GetDeliveryStatusAsync(alice.Value);
        Assert.Equal(0, status.FailedAttempts);
        Assert.Equal(0, status.Pending);
        Assert.Equal(items.Count, status.Delivered);
        Assert.Null(status.FailingSince);
    }

    [Fact]
    public async Task AReceiverDownForTheWholeRetryWindow_GetsAMissedLifecycleEvent_AndLaterChangesAgain()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        await SignInAsync(bob);
        using var http = await _silo.Factory.CreateSignedInClientAsync(alice.Address);
        var body = Body(bob);
        body["lifecycleNotificationUrl"] = _receiver.LifecycleUrl.ToString();
        using var created = await http.PostAsJsonAsync("/v1.0/subscriptions", body);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(2, _receiver.Validations);
        _receiver.Down = true;

        await _silo.Client.SetManualStateAsync(bob, ManualState.Busy);
        var lifecycle = Assert.Single((await _receiver.NextLifecycleEventAsync()).GetProperty("value").EnumerateArray());
        _receiver.Down = false;
        await _silo.Client.SetManualStateAsync(bob, ManualState.Available);
        var next = Assert.Single((await _receiver.NextNotificationAsync()).GetProperty("value").EnumerateArray());

        Assert.Equal("missed", lifecycle.GetProperty("lifecycleEvent").GetString());
        Assert.Equal(id, lifecycle.GetProperty("subscriptionId").GetString());
        Assert.True(_receiver.Refused >= 2, $"{_receiver.Refused} refusals: the receiver was retried before the window ended");
        Assert.Equal(bob.Address, next.GetProperty("resourceData").GetProperty("id").GetString());
    }

    [Fact]
    public async Task MicrosoftGraphSdk_CreatesASubscription_WhoseReceiverGetsTheNotification_AndRenewsAndDeletesIt()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        await SignInAsync(bob);
        using var http = _silo.Factory.CreateClient();
        var graph = http.CreateGraphClient(await http.SignInAsync(alice.Address));

        var created = await graph.Subscriptions.PostAsync(new Microsoft.Graph.Models.Subscription
        {
            ChangeType = "updated",
            NotificationUrl = _receiver.NotificationUrl.ToString(),
            Resource = $"/communications/presences?$filter=id in ('{bob.Address}')",
            ExpirationDateTime = DateTimeOffset.UtcNow.AddMinutes(30),
            ClientState = "sdk-state",
        });
        await _silo.Client.SetManualStateAsync(bob, ManualState.Away);
        var notification = await _receiver.NextNotificationAsync();

        // The receiver parses the post with the SDK's own model, as a Graph webhook would.
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(notification.GetRawText()));
        var node = await new Microsoft.Kiota.Serialization.Json.JsonParseNodeFactory().GetRootParseNodeAsync("application/json", body);
        var parsed = node.GetObjectValue(Microsoft.Graph.Models.ChangeNotificationCollection.CreateFromDiscriminatorValue);
        var item = Assert.Single(parsed!.Value!);
        Assert.Equal(Guid.Parse(created!.Id!), item.SubscriptionId);
        Assert.Equal("sdk-state", item.ClientState);
        Assert.Equal(Microsoft.Graph.Models.ChangeType.Updated, item.ChangeType);
        Assert.Equal($"communications/presences/{bob.Address}", item.Resource);

        var renewed = await graph.Subscriptions[created.Id].PatchAsync(new Microsoft.Graph.Models.Subscription { ExpirationDateTime = DateTimeOffset.UtcNow.AddMinutes(55) });
        var listed = await graph.Subscriptions.GetAsync();
        await graph.Subscriptions[created.Id].DeleteAsync();
        var afterDelete = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() => graph.Subscriptions[created.Id].GetAsync());

        Assert.True(renewed!.ExpirationDateTime > created.ExpirationDateTime);
        Assert.Equal(created.Id, Assert.Single(listed!.Value!).Id);
        Assert.Equal(404, afterDelete.ResponseStatusCode);
        Assert.Equal("itemNotFound", afterDelete.Error!.Code);
    }

    /// <summary>Presence shows only while a user has an endpoint signed in (as in Lync and Teams).</summary>
    private Task SignInAsync(SipUri user) =>
        _silo.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "laptop", DeviceClass = DeviceClass.Computer });

    private Dictionary<string, object?> Body(SipUri watched) => new()
    {
        ["changeType"] = "updated",
        ["notificationUrl"] = _receiver.NotificationUrl.ToString(),
        ["resource"] = $"/communications/presences/{watched.Address}",
        ["expirationDateTime"] = DateTimeOffset.UtcNow.AddMinutes(30),
        ["clientState"] = "state",
    };
}
