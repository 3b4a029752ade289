using PresenceCluster.Client;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 30000;
await using var client = await PresenceClusterClient.ConnectAsync(new PresenceClientOptions { LocalGatewayPort = port });
var alice = SipUri.Parse("sip:alice@contoso.com");
var bob = SipUri.Parse("sip:Bob@Contoso.com");

await client.SetContactAsync(alice, new() { Uri = bob.Value, DisplayName = "Bob" });
await client.PublishEndpointAsync(bob, new() { EndpointId = "laptop", DeviceClass = DeviceClass.Computer });
await client.SetNoteAsync(bob, "Shipping the release");
await client.ClearManualStateAsync(bob); // Available on every run, so that Busy below is a change

await using var subscription = await client.SubscribeAsync(alice, [bob]);
var initial = subscription.InitialViews[0];
Console.WriteLine($"{initial.Target} is {initial.GraphAvailability}: {initial.Note}");
await client.SetManualStateAsync(bob, ManualState.Busy);
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
var change = await subscription.ReadChangeAsync(timeout.Token);
Console.WriteLine($"{change.Target} is now {change.GraphAvailability} ({change.Availability})");
