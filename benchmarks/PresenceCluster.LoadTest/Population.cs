using PresenceCluster.Client;
using PresenceCluster.Contacts;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.LoadTest;

/// <summary>
/// The seeded users and the batches watchers ask for. Lists are skewed: half of every batch comes from the most
/// popular tenth of the users, as on real contact lists.
/// </summary>
public sealed class Population
{
    private readonly Random _random = new(20261126);

    public Population(int users, int batch)
    {
        Users = [.. Enumerable.Range(0, users).Select(i => SipUri.Parse($"sip:user{i}@{(i % 10 == 9 ? "fabrikam.com" : "contoso.com")}"))];
        var popular = Math.Max(1, users / 10);
        Batches = [.. Enumerable.Range(0, Math.Min(users, 4096)).Select(_ => Enumerable.Range(0, batch)
            .Select(k => Users[k % 2 == 0 ? _random.Next(popular) : _random.Next(users)])
            .ToArray())];
    }

    public SipUri[] Users { get; }

    /// <summary>Target lists; batch <c>i</c> is asked by watcher <c>Users[i]</c>.</summary>
    public SipUri[][] Batches { get; }

    /// <summary>Publishes an endpoint, a note and a card for every user, and a contact list with explicit levels.</summary>
    public async Task SeedAsync(PresenceClusterClient client, int contacts, Action<string> progress)
    {
        var done = 0;
        await Parallel.ForEachAsync(Users, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (user, cancellation) =>
        {
            var index = int.Parse(user.User.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
            await client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer }, cancellation);
            await client.SetNoteAsync(user, $"Working on item {index}", cancellation);
            await client.SetContactCardAsync(user, new ContactCard { DisplayName = $"User {index}", Email = $"user{index}@{user.Domain}", Title = "Engineer", WorkPhone = "+1 425 555 0100" }, cancellation);
            for (var c = 0; c < contacts; c++)
            {
                var contact = Users[(index + 1 + (c * 7)) % Users.Length];
                if (contact != user)
                {
                    await client.SetContactAsync(user, new Contact { Uri = contact.Value, AccessLevel = c % 3 == 0 ? (AccessLevel)(c % 5) : null }, cancellation);
                }
            }

            if (Interlocked.Increment(ref done) % 2000 == 0)
            {
                progress($"  seeded {done:N0} of {Users.Length:N0} users");
            }
        });
    }
}
