using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;
using Xunit.Abstractions;

namespace PresenceCluster.ClusterTests.Query;

/// <summary>
/// The batch query answers from the read indexes (each user's entry on the silo that owns it); the naive path asks
/// every target's grain. On random users, random relationships and random changes over time, both must give the same
/// view at the same sequence number — on the shared two-silo cluster and on a three-silo one.
/// </summary>
public abstract class FastPathEquivalenceTests(ITestOutputHelper output)
{
    protected abstract PresenceTestCluster Cluster { get; }

    [Theory]
    [InlineData(20261126)]
    [InlineData(7)]
    public async Task BatchQuery_AfterRandomChanges_EqualsOneCallPerTarget(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var client = Cluster.Client;
        var users = Enumerable.Range(0, 30).Select(i => Users.New($"u{i}", i % 3 == 0 ? "fabrikam.com" : "contoso.com")).ToArray();
        foreach (var user in users)
        {
            await RandomProfileAsync(random, user, users);
        }

        for (var round = 0; round < 4; round++)
        {
            for (var change = 0; change < 20; change++)
            {
                await RandomChangeAsync(random, users[random.Next(users.Length)], users);
            }

            Cluster.Time.Advance(TimeSpan.FromMinutes(random.Next(0, 7)));
            foreach (var watcher in users.OrderBy(_ => random.Next()).Take(8))
            {
                var fast = await client.QueryPresenceAsync(watcher, users);
                for (var i = 0; i < users.Length; i++)
                {
                    var naive = await Cluster.Cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(users[i])).GetViewAsync(watcher.Value);
                    if (!(fast[i].Sequence == naive.Sequence && fast[i].HasSameContentAs(naive)))
                    {
                        foreach (var silo in Cluster.Cluster.Silos)
                        {
                            var entry = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PresenceCluster.Query.PresenceReadIndex>(silo.ServiceProvider).Find(users[i].Value, DateTimeOffset.MinValue);
                            output.WriteLine($"DIAG silo {silo.SiloAddress}: seq {entry?.Sequence} validUntil {entry?.ValidUntil} now {Cluster.Time.GetUtcNow()}");
                        }
                    }

                    Assert.True(
                        fast[i].Sequence == naive.Sequence && fast[i].HasSameContentAs(naive),
                        $"round {round}, watcher {watcher}, target {users[i]}:\nfast  {fast[i]}\nnaive {naive}");
                }
            }
        }
    }

    private async Task RandomProfileAsync(Random random, SipUri user, SipUri[] users)
    {
        var client = Cluster.Client;
        await client.SetContactCardAsync(user, new ContactCard { DisplayName = user.User, Email = $"{user.User}@{user.Domain}", HomePhone = "+1 555 0100", MobilePhone = "+1 555 0101" });
        await client.SetNoteAsync(user, $"note of {user.User}");
        foreach (var other in users.Where(u => u != user && random.Next(4) == 0))
        {
            await client.SetContactAsync(user, new Contact { Uri = other.Value, AccessLevel = RandomLevel(random) });
        }

        await RandomChangeAsync(random, user, users);
    }

    private async Task RandomChangeAsync(Random random, SipUri user, SipUri[] users)
    {
        var client = Cluster.Client;
        var now = Cluster.Time.GetUtcNow();
        switch (random.Next(8))
        {
            case 0:
            case 1:
                await client.PublishEndpointAsync(user, new EndpointPublication
                {
                    EndpointId = $"ep{random.Next(3)}",
                    DeviceClass = (DeviceClass)random.Next(4),
                    MachineState = (MachineState)random.Next(3),
                    PhoneState = (PhoneState)random.Next(4),
                });
                break;
            case 2:
                var state = (ManualState)random.Next(7);
                await client.SetManualStateAsync(user, state, state is ManualState.Busy or ManualState.DoNotDisturb && random.Next(2) == 0 ? TimeSpan.FromMinutes(random.Next(1, 10)) : null);
                break;
            case 3:
                await client.ClearManualStateAsync(user);
                break;
            case 4:
                await client.PublishCalendarStateAsync(user, new CalendarState
                {
                    Kind = (CalendarStateKind)random.Next(2),
                    Start = now.AddMinutes(random.Next(-5, 5)),
                    End = now.AddMinutes(random.Next(6, 20)),
                    Subject = "Sync",
                    Location = "Room 3",
                });
                break;
            case 5:
                var other = users[random.Next(users.Length)];
                if (other != user)
                {
                    await client.SetContactAsync(user, new Contact { Uri = other.Value, AccessLevel = RandomLevel(random) });
                }

                break;
            case 6:
                await client.SetPrivacyModeAsync(user, random.Next(4) == 0);
                break;
            default:
                await client.SetNoteAsync(user, $"note {random.Next(1000)}");
                break;
        }
    }

    private static AccessLevel? RandomLevel(Random random) =>
        random.Next(6) is var level && level == 5 ? null : (AccessLevel)level;
}

/// <summary>On the shared two-silo cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TwoSiloFastPathEquivalenceTests(ClusterFixture fixture, ITestOutputHelper output) : FastPathEquivalenceTests(output)
{
    protected override PresenceTestCluster Cluster => fixture.Cluster;
}

/// <summary>On a three-silo cluster: most targets of a batch are owned by another silo than the one asked.</summary>
public sealed class ThreeSiloFastPathEquivalenceTests(ThreeSiloFastPathEquivalenceTests.ThreeSilos fixture, ITestOutputHelper output)
    : FastPathEquivalenceTests(output), IClassFixture<ThreeSiloFastPathEquivalenceTests.ThreeSilos>
{
    protected override PresenceTestCluster Cluster => fixture.Cluster;

    /// <summary>A three-silo cluster of its own.</summary>
    public sealed class ThreeSilos : IAsyncLifetime
    {
        private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();

        public PresenceTestCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 3);

        public async Task DisposeAsync()
        {
            await Cluster.DisposeAsync();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
