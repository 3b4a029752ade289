using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PresenceCluster.Http.Exchange;
using PresenceCluster.OAuth;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// A two-silo cluster on a fake clock whose Graph backend is the Exchange emulator, with change notifications to the
/// notification route on a real loopback Kestrel (the silos of an in-process cluster have no HTTP host, so the route
/// runs on its own, calling the same grains); Graph's validation handshake and every notification go through it.
/// </summary>
public sealed class GraphNotificationCluster : IAsyncDisposable
{
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private IGrainFactory? _grains;

    private GraphNotificationCluster()
    {
    }

    /// <summary>The cluster's clock.</summary>
    public FakeTimeProvider Time { get; } = new(PresenceTestCluster.Start);

    /// <summary>The route's Kestrel.</summary>
    public LoopbackHttpServer Route { get; private set; } = null!;

    /// <summary>Exchange.</summary>
    public ExchangeEmulator.ExchangeEmulator Exchange { get; private set; } = null!;

    /// <summary>The cluster.</summary>
    public PresenceTestCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's grains.</summary>
    public IGrainFactory Grains => _grains!;

    /// <summary>The route's URL, as <c>Exchange:Graph:NotificationUrl</c> names it.</summary>
    public Uri NotificationUrl => new(Route.Address, CalendarNotificationsApi.Path);

    /// <summary>Starts it all; <paramref name="settings"/> add to (or override) the Graph backend's.</summary>
    public static async Task<GraphNotificationCluster> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var cluster = new GraphNotificationCluster();
        cluster.Route = await LoopbackHttpServer.StartAsync(
            app => app.MapCalendarNotificationsApi(),
            services => services.AddSingleton(_ => cluster._grains ?? throw new InvalidOperationException("the cluster is not up yet")));
        cluster.Exchange = await ExchangeEmulator.ExchangeEmulator.StartAsync(cluster.Time);
        var all = new Dictionary<string, string?>
        {
            ["Exchange:Backend"] = "Graph",
            ["Exchange:Graph:BaseUrl"] = cluster.Exchange.GraphBaseUrl.ToString(),
            ["Exchange:Graph:NotificationUrl"] = cluster.NotificationUrl.ToString(),
            ["Exchange:PollInterval"] = "01:00:00",
            ["OAuth:CloudTokenServer:TokenEndpoint"] = cluster.Exchange.TokenEndpoint.ToString(),
            ["OAuth:CloudTokenServer:ClientId"] = cluster.Exchange.ClientId,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        cluster.Cluster = await PresenceTestCluster.StartAsync(cluster._dataDirectory, silos: 2, time: cluster.Time, settings: all);
        cluster._grains = cluster.Cluster.Cluster.Client;
        cluster.Exchange.ApplicationCertificate = cluster.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<OAuthDirectory>().Signing!.Current;
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Exchange.DisposeAsync();
        await Route.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
