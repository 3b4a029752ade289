using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;
using PresenceCluster.Client;
using PresenceCluster.Hosting;
using PresenceCluster.Silo.Database;
using PresenceCluster.Silo.Hosting;

namespace PresenceCluster.PostgreSqlTests.Infrastructure;

/// <summary>
/// A cluster of real silos (Orleans' classic <see cref="TestCluster"/>) whose membership, reminders and grain state
/// live in a PostgreSQL database of its own, through the production configuration code.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string ClusterId = "presence-tests";
    public const string ServiceId = "PresenceClusterTests";
    private const string ConnectionKey = "PresenceTest:PostgreSql";

    private readonly bool _ownsDatabase;

    private PostgresCluster(TestCluster cluster, string connectionString, bool ownsDatabase)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
        Client = new PresenceClusterClient(cluster.Client);
        _ownsDatabase = ownsDatabase;
    }

    public TestCluster Cluster { get; }

    public string ConnectionString { get; }

    public PresenceClusterClient Client { get; }

    /// <summary>
    /// Creates a database, applies the schema as init-db does, and starts <paramref name="silos"/> silos on it. The
    /// database is dropped when the cluster is disposed, unless <paramref name="keepDatabase"/>.
    /// </summary>
    public static async Task<PostgresCluster> StartNewAsync(int silos, bool keepDatabase = false)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await PostgresSchema.ApplyAsync(dataSource);
        }

        return await StartAsync(connectionString, silos, ownsDatabase: !keepDatabase);
    }

    /// <summary>Starts <paramref name="silos"/> silos on an existing database, which it drops when disposed if <paramref name="ownsDatabase"/>.</summary>
    public static async Task<PostgresCluster> StartAsync(string connectionString, int silos, bool ownsDatabase)
    {
        var builder = new TestClusterBuilder((short)silos) { PortAllocator = new ConsecutiveFreePorts() };
        builder.Options.UseTestClusterMembership = false;

        // Real TCP between silos and clients: the SDK clients these tests start connect like any application.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ClusterId = ClusterId;
        builder.Options.ServiceId = ServiceId;
        builder.Properties[ConnectionKey] = connectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PostgresCluster(cluster, connectionString, ownsDatabase);
    }

    /// <summary>A separate SDK client that finds the gateways through the membership table, as an application would.</summary>
    public Task<PresenceClusterClient> ConnectSdkClientAsync() =>
        PresenceClusterClient.ConnectAsync(new PresenceClientOptions
        {
            PostgreSqlConnectionString = ConnectionString,
            ClusterId = ClusterId,
            ServiceId = ServiceId,
        });

    public async ValueTask DisposeAsync()
    {
        // Silos first: dropping the database under running silos would stall their shutdown on membership writes.
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (_ownsDatabase)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }
    }

    /// <summary>Fast failure detection, so tests that kill silos finish in seconds (orleans-notes: testing host).</summary>
    private static void FastFailureDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MaxProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 1;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{PresenceSiloConfiguration.ConnectionStringName}"] = siloBuilder.Configuration[ConnectionKey],
                ["Storage:Provider"] = "PostgreSql",
            }).Build();
            var dataSource = PresenceSiloConfiguration.GetDataSource(siloBuilder, settings);
            siloBuilder.AddPostgreSqlClustering(dataSource).AddPresenceStorage(settings).AddPresenceGrains(settings).AddPresenceWebhooks(settings);
            siloBuilder.Configure<ClusterMembershipOptions>(FastFailureDetection);
            siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = configuration[ConnectionKey];
            });
            clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
