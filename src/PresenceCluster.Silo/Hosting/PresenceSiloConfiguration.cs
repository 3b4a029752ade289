using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Hosting;
using PresenceCluster.Silo.Database;
using PresenceCluster.Silo.Storage;

namespace PresenceCluster.Silo.Hosting;

/// <summary>Configures a PresenceCluster silo from configuration (appsettings.json and environment variables).</summary>
public static class PresenceSiloConfiguration
{
    /// <summary>The connection string every PostgreSQL provider uses: <c>ConnectionStrings:PostgreSql</c>.</summary>
    public const string ConnectionStringName = "PostgreSql";

    /// <summary>Everything a production silo needs: endpoints and clustering, grain storage, the presence grains and OAuth.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static ISiloBuilder ConfigurePresenceSilo(this ISiloBuilder builder, IConfiguration configuration)
    {
        var cluster = Bind<ClusterHostingOptions>(configuration, ClusterHostingOptions.SectionName);
        ThrowIfInvalid(ClusterHostingOptions.SectionName, cluster.Validate());

        if (string.Equals(cluster.Provider, ClusterHostingOptions.Localhost, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            builder.UseInMemoryReminderService();
        }
        else
        {
            builder.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            builder.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIP), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            builder.AddPostgreSqlClustering(GetDataSource(builder, configuration));
        }

        // The gateway is for trusted servers (the SDK, presencectl): loopback unless configured otherwise.
        builder.Configure<EndpointOptions>(options =>
            options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Parse(cluster.GatewayListenAddress), cluster.GatewayPort));
        builder.Configure<SiloOptions>(options => options.SiloName = cluster.EffectiveSiloName);
        builder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = cluster.ProbeTimeout;
            options.NumMissedProbesLimit = cluster.MissedProbesLimit;
        });

        return builder.AddPresenceStorage(configuration).AddPresenceGrains(configuration).AddPresenceOAuth(configuration).AddPresenceWebhooks(configuration).AddPresenceExchange(configuration);
    }

    /// <summary>Membership and reminders in PostgreSQL through Orleans' ADO.NET providers.</summary>
    public static ISiloBuilder AddPostgreSqlClustering(this ISiloBuilder builder, NpgsqlDataSource dataSource)
    {
        builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresSchema.Invariant;
            options.DataSource = dataSource;
        });
        builder.UseAdoNetReminderService(options =>
        {
            options.Invariant = PostgresSchema.Invariant;
            options.DataSource = dataSource;
        });
        return builder;
    }

    /// <summary>Adds the grain-storage provider that <c>Storage:Provider</c> names.</summary>
    public static ISiloBuilder AddPresenceStorage(this ISiloBuilder builder, IConfiguration configuration)
    {
        var storage = Bind<StorageHostingOptions>(configuration, StorageHostingOptions.SectionName);
        ThrowIfInvalid(StorageHostingOptions.SectionName, storage.Validate());

        // State is stored as System.Text.Json documents: readable in the database, and it round-trips the
        // records with init-only and constructor-bound properties that the grains persist.
        builder.UseSystemTextJsonGrainStorageSerializer();
        if (string.Equals(storage.Provider, StorageHostingOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            var dataSource = GetDataSource(builder, configuration);
            builder.AddAdoNetGrainStorage(StorageNames.Provider, options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.DataSource = dataSource;
            });
        }
        else
        {
            builder.AddSqliteGrainStorage(StorageNames.Provider, configuration.GetSection(SqliteGrainStorageOptions.SectionName));
        }

        TypeFailures(builder.Services, StorageNames.Provider);
        return builder;
    }

    /// <summary>Wraps the grain-storage provider <paramref name="name"/> so that its failures reach callers typed (<see cref="TypedFailureGrainStorage"/>).</summary>
    private static void TypeFailures(IServiceCollection services, string name)
    {
        var registered = services.Last(descriptor => descriptor.ServiceType == typeof(IGrainStorage) && Equals(descriptor.ServiceKey, name) && descriptor.KeyedImplementationFactory is not null);
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new TypedFailureGrainStorage((IGrainStorage)registered.KeyedImplementationFactory!(provider, key)));
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

    /// <summary>
    /// The silo's one <see cref="NpgsqlDataSource"/> (one connection pool for every provider), made from
    /// <c>ConnectionStrings:PostgreSql</c> on first use and disposed with the host.
    /// </summary>
    public static NpgsqlDataSource GetDataSource(ISiloBuilder builder, IConfiguration configuration)
    {
        var existing = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(NpgsqlDataSource) && d.ImplementationInstance is not null);
        if (existing?.ImplementationInstance is NpgsqlDataSource registered)
        {
            return registered;
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            ThrowIfInvalid("ConnectionStrings", [$"ConnectionStrings:{ConnectionStringName} is not set; PostgreSQL clustering and storage need it (for example 'Host=localhost;Database=presence;Username=presence;Password=…')."]);
        }

        var dataSource = NpgsqlDataSource.Create(connectionString!);
        builder.Services.AddSingleton(dataSource);
        return dataSource;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();

    private static void ThrowIfInvalid(string section, IReadOnlyList<string> failures)
    {
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(PresenceSiloConfiguration), failures);
        }
    }
}
