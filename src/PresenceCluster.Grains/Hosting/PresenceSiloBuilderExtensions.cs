using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using PresenceCluster.Contacts;
using PresenceCluster.Diagnostics;
using PresenceCluster.Presence;
using PresenceCluster.Query;

namespace PresenceCluster.Hosting;

/// <summary>Registers the presence and contact grains' services on a silo.</summary>
public static class PresenceSiloBuilderExtensions
{
    /// <summary>
    /// Adds options (sections <c>Presence</c> and <c>Contacts</c>, validated at start-up), the presence clock, the
    /// silo's read index and its placement. Grain storage is added separately (a provider named
    /// <see cref="StorageNames.Provider"/>).
    /// </summary>
    public static ISiloBuilder AddPresenceGrains(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<PresenceOptions>().Bind(configuration.GetSection(PresenceOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ContactOptions>().Bind(configuration.GetSection(ContactOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PresenceOptions>, PresenceOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContactOptions>, ContactOptionsValidator>());
        services.TryAddKeyedSingleton(PresenceTime.ServiceKey, TimeProvider.System);
        services.TryAddSingleton(provider => new PresenceReadIndex(provider.GetRequiredService<IOptions<PresenceOptions>>().Value.ReadIndexCapacity));
        services.TryAddSingleton<IndexOwnership>();
        services.TryAddSingleton<OfflinePresenceReader>();
        services.AddMetrics();
        services.TryAddSingleton<PresenceMetrics>();
        services.TryAddSingleton<SiloMessageCounter>();
        services.TryAddSingleton<LocalPresenceActivations>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PresenceHandover>();
        services.TryAddSingleton<PresenceRebalancer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<PresenceRebalancer>());
        services.TryAddSingleton<ReadIndexSweeper>();
        services.TryAddSingleton<NotificationBatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<NotificationBatcher>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<ReadIndexSweeper>());
        services.AddPlacementDirector<SiloAddressedPlacement, SiloAddressedPlacementDirector>();
        services.AddPlacementDirector<IndexOwnerPlacement, IndexOwnerPlacementDirector>();
        return builder;
    }
}
