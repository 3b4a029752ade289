using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceCluster.Hosting;

namespace PresenceCluster.Http;

/// <summary>Adds the HTTP front to a silo.</summary>
public static class PartnerHttpSiloBuilderExtensions
{
    /// <summary>
    /// Binds section <c>Http</c> (validated at start-up) and, when <see cref="PartnerHttpOptions.Port"/> is set, serves
    /// the OAuth metadata and the partner API. Serving needs OAuth on (a realm); the silo refuses to start otherwise.
    /// </summary>
    public static ISiloBuilder AddPartnerHttpFront(this ISiloBuilder builder, IConfiguration configuration)
    {
        var settings = new PartnerHttpOptions();
        configuration.GetSection(PartnerHttpOptions.SectionName).Bind(settings);
        var failures = settings.Validate().ToList();
        if (settings.Port > 0 && string.IsNullOrWhiteSpace(configuration["OAuth:Realm"]) && string.IsNullOrWhiteSpace(configuration[OAuthSiloBuilderExtensions.DefaultSipDomainKey]))
        {
            failures.Add("Http:Port is set, but OAuth is off: set OAuth:Realm or Sip:DefaultDomain, which partners' tokens must name.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(PartnerHttpOptions.SectionName, typeof(PartnerHttpOptions), failures);
        }

        builder.AddPresenceOAuth(configuration);
        builder.Services.AddOptions<PartnerHttpOptions>().Bind(configuration.GetSection(PartnerHttpOptions.SectionName));
        if (settings.Port > 0)
        {
            builder.Services.AddSingleton<PartnerHttpFront>();
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<PartnerHttpFront>());
        }

        return builder;
    }
}
