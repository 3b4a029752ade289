using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using PresenceCluster.Client;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;
using PresenceCluster.Silo.Hosting;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// A real in-process Orleans cluster with the production grain storage (SQLite in a temporary directory) and a fake
/// presence clock shared by every silo, so that idle decay and expiries run at the test's command.
/// </summary>
public sealed class PresenceTestCluster : IAsyncDisposable
{
    /// <summary>Where the fake clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private PresenceTestCluster(InProcessTestCluster cluster, FakeTimeProvider time, string dataDirectory)
    {
        Cluster = cluster;
        Time = time;
        DataDirectory = dataDirectory;
        Client = new PresenceClusterClient(cluster.Client, new PresenceClientOptions { SubscriptionRenewalInterval = TimeSpan.FromMinutes(30) });
    }

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    public string DataDirectory { get; }

    public PresenceClusterClient Client { get; }

    /// <summary>
    /// Starts <paramref name="silos"/> silos over the store in <paramref name="dataDirectory"/>; with
    /// <paramref name="storageFaults"/>, writes fail while it says so.
    /// </summary>
    public static async Task<PresenceTestCluster> StartAsync(
        string dataDirectory, int silos = 2, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null, StorageFaults? storageFaults = null)
    {
        time ??= new FakeTimeProvider(Start);
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:DataDirectory"] = dataDirectory,
            ["Contacts:MaxContacts"] = "25",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var builder = new InProcessTestClusterBuilder((short)silos);

        // Stored rows are keyed by service id: a fixed one lets a new cluster find what an earlier one wrote.
        builder.Options.ServiceId = "PresenceClusterTests";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(PresenceTime.ServiceKey, time);
            silo.AddPresenceStorage(config).AddPresenceGrains(config).AddPresenceOAuth(config).AddPresenceWebhooks(config).AddPresenceExchange(config);
            if (storageFaults is not null)
            {
                silo.AddStorageFaults(storageFaults);
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PresenceTestCluster(cluster, time, dataDirectory);
    }

    /// <summary>A fresh temporary directory for a store.</summary>
    public static string NewDataDirectory() =>
        Directory.CreateTempSubdirectory("presence-tests-").FullName;

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
