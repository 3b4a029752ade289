using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Ews;
using PresenceCluster.Exchange.Graph;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.Exchange.Notifications;
using PresenceCluster.OAuth;

namespace PresenceCluster.Exchange.Hosting;

/// <summary>Registers the mailbox connector on a silo when <c>Exchange:Backend</c> names one.</summary>
public static class ExchangeSiloBuilderExtensions
{
    /// <summary>The named HTTP client of the backends (no redirects followed: a redirect could lead a token elsewhere).</summary>
    public const string HttpClientName = "exchange";

    /// <summary>Adds section <c>Exchange</c>; with a backend, the backend and the poller. Bad settings throw <see cref="OptionsValidationException"/> naming them.</summary>
    public static ISiloBuilder AddPresenceExchange(this ISiloBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection(ExchangeOptions.SectionName);
        var options = section.Get<ExchangeOptions>() ?? new ExchangeOptions();
        var failures = options.Validate().ToList();
        if (options.Backend == ExchangeBackend.Ews && string.IsNullOrWhiteSpace(configuration["OAuth:Realm"]) && string.IsNullOrWhiteSpace(configuration["Sip:DefaultDomain"]))
        {
            failures.Add("Exchange:Backend=Ews needs OAuth on (OAuth:Realm or Sip:DefaultDomain): Exchange Server trusts the cluster's own S2S tokens.");
        }

        if (options.Backend == ExchangeBackend.Graph && !configuration.GetSection(CloudTokenClientOptions.SectionName).Exists())
        {
            failures.Add($"Exchange:Backend=Graph needs {CloudTokenClientOptions.SectionName} (TokenEndpoint, ClientId): Graph's tokens come from the cloud token server.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ExchangeOptions.SectionName, typeof(ExchangeOptions), failures);
        }

        var services = builder.Services;
        services.AddOptions<ExchangeOptions>().Bind(section);
        if (options.Backend == ExchangeBackend.None)
        {
            return builder;
        }

        services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IMailboxBackend>(provider => options.Backend == ExchangeBackend.Graph
            ? new GraphMailboxBackend(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                provider.GetRequiredService<ClientCredentialsTokenClient>(),
                options.Graph.BaseUrl,
                options.Graph.Scope)
            : new EwsMailboxBackend(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                provider.GetRequiredService<OutboundTokenIssuer>(),
                options.Ews.Url!,
                options.Ews.RequestServerVersion));
        services.AddSingleton(provider => (IMailboxContactStore)provider.GetRequiredService<IMailboxBackend>());
        services.AddSingleton<IUserSessionListener, ContactStoreSessions>();
        services.AddSingleton<ExchangeMetrics>();
        services.AddSingleton<MailboxReader>();
        services.AddSingleton<MailboxPoller>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<MailboxPoller>());
        if (options.Backend == ExchangeBackend.Graph && options.Graph.NotificationUrl is not null)
        {
            services.AddSingleton(provider => (IMailboxChangeFeed)provider.GetRequiredService<IMailboxBackend>());
            services.AddSingleton<CalendarSubscriptionKeeper>();
            services.AddSingleton(provider => new ContactChangeSubscriptions(
                provider.GetRequiredService<IMailboxChangeFeed>(),
                provider.GetRequiredService<MailboxReader>(),
                provider.GetRequiredService<CalendarSubscriptionKeeper>(),
                provider.GetRequiredKeyedService<TimeProvider>(PresenceCluster.Presence.PresenceTime.ServiceKey)));
            services.AddSingleton<ChangedCalendarReader>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<ChangedCalendarReader>());
        }
        return builder;
    }
}
