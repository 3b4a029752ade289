using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using PresenceCluster.Hosting;
using PresenceCluster.Silo.Storage;

namespace PresenceCluster.Silo.Hosting;

/// <summary>Configures a PresenceCluster silo from configuration (appsettings.json and environment variables).</summary>
public static class PresenceSiloConfiguration
{
    /// <summary>Everything a production silo needs: clustering, grain storage and the presence grains.</summary>
    public static ISiloBuilder ConfigurePresenceSilo(this ISiloBuilder builder, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        if (!string.Equals(cluster.Provider, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(
                ClusterHostingOptions.SectionName,
                typeof(ClusterHostingOptions),
                [$"Cluster:Provider is '{cluster.Provider}'; the supported provider is 'Localhost'."]);
        }

        if (cluster.SiloPort is < 1 or > 65535 || cluster.GatewayPort is < 1 or > 65535 || cluster.SiloPort == cluster.GatewayPort)
        {
            throw new OptionsValidationException(
                ClusterHostingOptions.SectionName,
                typeof(ClusterHostingOptions),
                [$"Cluster:SiloPort ({cluster.SiloPort}) and Cluster:GatewayPort ({cluster.GatewayPort}) must be different ports between 1 and 65535."]);
        }

        builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        return builder.AddPresenceStorage(configuration).AddPresenceGrains(configuration);
    }

    /// <summary>Adds the grain-storage provider that <c>Storage:Provider</c> names.</summary>
    public static ISiloBuilder AddPresenceStorage(this ISiloBuilder builder, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageHostingOptions.SectionName).Get<StorageHostingOptions>() ?? new StorageHostingOptions();
        if (!string.Equals(storage.Provider, StorageHostingOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(
                StorageHostingOptions.SectionName,
                typeof(StorageHostingOptions),
                [$"Storage:Provider is '{storage.Provider}'; the supported provider is 'Sqlite'."]);
        }

        // State is stored as System.Text.Json documents: readable in the database, and it round-trips the
        // records with init-only and constructor-bound properties that the grains persist.
        builder.UseSystemTextJsonGrainStorageSerializer();
        return builder.AddSqliteGrainStorage(StorageNames.Provider, configuration.GetSection(SqliteGrainStorageOptions.SectionName));
    }

    /// <summary>Adds a SQLite grain-storage provider named <paramref name="name"/>, bound to <paramref name="section"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, IConfiguration section)
    {
        var services = builder.Services;
        services.AddOptions<SqliteGrainStorageOptions>(name).Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>();
        services.AddGrainStorage(name, static (provider, providerName) => new SqliteGrainStorage(
            providerName,
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(providerName),
            provider.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return builder;
    }
}
