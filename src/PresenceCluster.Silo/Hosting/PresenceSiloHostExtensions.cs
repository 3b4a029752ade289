using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using PresenceCluster.Silo.Logging;

namespace PresenceCluster.Silo.Hosting;

/// <summary>The silo half of the one host: Orleans on the web application's builder, its logs, and the ready line.</summary>
public static partial class PresenceSiloHostExtensions
{
    /// <summary>Adds the Orleans silo (<see cref="PresenceSiloConfiguration.ConfigurePresenceSilo"/>) with the dashboard, and silo-named log lines.</summary>
    public static WebApplicationBuilder AddPresenceSilo(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        builder.Logging.AddConsole(console => console.FormatterName = SiloConsoleFormatter.FormatterName)
            .AddConsoleFormatter<SiloConsoleFormatter, SiloConsoleFormatterOptions>(formatter => formatter.SiloName = cluster.EffectiveSiloName);
        builder.UseOrleans(silo => silo.ConfigurePresenceSilo(builder.Configuration).AddDashboard());
        return builder;
    }

    /// <summary>Logs one line once the silo and its HTTP endpoint serve: every address, the cluster and the store.</summary>
    public static WebApplication LogReadyLine(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var silo = app.Services.GetRequiredService<ILocalSiloDetails>();
            var http = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var storage = app.Configuration["Storage:Provider"] ?? StorageHostingOptions.Sqlite;
            var httpAddresses = string.Join(", ", http);
            var gateway = endpoints.GatewayListeningEndpoint?.ToString() ?? $"{endpoints.AdvertisedIPAddress}:{endpoints.GatewayPort}";
            var siloEndpoint = silo.SiloAddress.Endpoint.ToString();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PresenceCluster.Silo");
            LogReady(logger, silo.Name, httpAddresses, gateway, siloEndpoint, cluster.ClusterId, storage);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ready: HTTP {Http} (health /health/ready, metrics /metrics, dashboard /dashboard, API reference /scalar), gateway {Gateway}, silo-to-silo {SiloEndpoint}, cluster {Cluster}, storage {Storage}")]
    private static partial void LogReady(ILogger logger, string silo, string http, string gateway, string siloEndpoint, string cluster, string storage);
}
