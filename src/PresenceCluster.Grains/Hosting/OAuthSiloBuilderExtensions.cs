using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Diagnostics;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;
using PresenceCluster.Query;

namespace PresenceCluster.Hosting;

/// <summary>Registers the cluster's OAuth trust on a silo: the registry's per-silo copy, its sync, and token validation.</summary>
public static class OAuthSiloBuilderExtensions
{
    /// <summary>The SIP domain OAuth's realm defaults to.</summary>
    public const string DefaultSipDomainKey = "Sip:DefaultDomain";

    /// <summary>The named HTTP client of the cloud token server.</summary>
    public const string CloudTokenHttpClientName = "cloud-token-server";

    /// <summary>How long a partner's metadata server may take to answer.</summary>
    public static readonly TimeSpan MetadataFetchTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Adds section <c>OAuth</c> (validated at start-up when a realm is set), defaulting the realm to
    /// <c>Sip:DefaultDomain</c>, the host name to this machine's and the certificate directory to the SQLite data
    /// directory. With no realm at all OAuth is off: partner calls are refused and the registry says why.
    /// </summary>
    public static ISiloBuilder AddPresenceOAuth(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<OAuthOptions>()
            .Bind(configuration.GetSection(OAuthOptions.SectionName))
            .PostConfigure(options => ApplyDefaults(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>());
        services.TryAddKeyedSingleton(PresenceTime.ServiceKey, TimeProvider.System);
        services.TryAddSingleton<OAuthDirectory>();
        services.TryAddSingleton(provider => new PresenceReadIndex(provider.GetRequiredService<IOptions<PresenceOptions>>().Value.ReadIndexCapacity));
        services.TryAddSingleton<IndexOwnership>();
        services.TryAddSingleton<OfflinePresenceReader>();
        services.AddMetrics();
        services.TryAddSingleton<PresenceMetrics>();

        // Partner metadata URLs are typed by an administrator, but the server behind one is not ours: no redirects
        // (a redirect could lead the fetch to an internal address), a time limit, and the size cap of the client.
        services.AddHttpClient<PartnerMetadataClient>(http => http.Timeout = MetadataFetchTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton(provider => new S2STokenValidator(
            provider.GetRequiredService<IOptions<OAuthOptions>>().Value,
            provider.GetRequiredService<OAuthDirectory>().FindPartner,
            provider.GetRequiredKeyedService<TimeProvider>(PresenceTime.ServiceKey)));
        services.TryAddSingleton<OutboundTokenIssuer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OAuthDirectorySync>();

        // The cloud alternative: only when a token endpoint is configured, checked now so a typo stops the start.
        var cloud = configuration.GetSection(CloudTokenClientOptions.SectionName);
        if (cloud.Exists())
        {
            var settings = cloud.Get<CloudTokenClientOptions>() ?? new CloudTokenClientOptions();
            if (settings.Validate() is { Count: > 0 } failures)
            {
                throw new OptionsValidationException(CloudTokenClientOptions.SectionName, typeof(CloudTokenClientOptions), failures);
            }

            // The token client lives as long as the silo (it caches tokens), so its handler does too: pooled
            // connections are renewed every few minutes instead, which is how a long-lived client follows DNS changes.
            services.AddHttpClient(CloudTokenHttpClientName, http => http.Timeout = MetadataFetchTimeout)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            services.TryAddSingleton(provider => new ClientCredentialsTokenClient(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(CloudTokenHttpClientName),
                settings,
                () => provider.GetRequiredService<OAuthDirectory>().Signing?.SignerAt(provider.GetRequiredKeyedService<TimeProvider>(PresenceTime.ServiceKey).GetUtcNow())
                    ?? throw new InvalidOperationException("The cluster has no token-issuer certificate yet."),
                provider.GetRequiredKeyedService<TimeProvider>(PresenceTime.ServiceKey)));
        }

        return builder;
    }

    /// <summary>
    /// The OAuth settings as the silo uses them: section <c>OAuth</c> with the realm defaulting to
    /// <c>Sip:DefaultDomain</c>, the host name to this machine's, and the certificate directory to the SQLite one.
    /// </summary>
    public static OAuthOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(OAuthOptions.SectionName).Get<OAuthOptions>() ?? new OAuthOptions();
        ApplyDefaults(options, configuration);
        return options;
    }

    private static void ApplyDefaults(OAuthOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.Realm))
        {
            options.Realm = configuration[DefaultSipDomainKey] ?? string.Empty;
        }

        if (string.IsNullOrWhiteSpace(options.HostName))
        {
            options.HostName = Dns.GetHostName();
        }

        if (configuration.GetSection(OAuthOptions.SectionName)[nameof(OAuthOptions.DataDirectory)] is null
            && configuration["Storage:Sqlite:DataDirectory"] is { Length: > 0 } dataDirectory)
        {
            options.DataDirectory = dataDirectory;
        }
    }
}
