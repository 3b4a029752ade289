using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PresenceCluster.Webhooks;

namespace PresenceCluster.Hosting;

/// <summary>Registers presence webhooks (Graph change notifications) on a silo.</summary>
public static class WebhookSiloBuilderExtensions
{
    /// <summary>
    /// Adds section <c>Webhooks</c> (validated at start-up), the sender whose connections go only where
    /// <see cref="WebhookTargetPolicy"/> allows, and the resumer that keeps subscriptions alive across silo restarts.
    /// </summary>
    public static ISiloBuilder AddPresenceWebhooks(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());

        // Receivers are anyone's servers: no redirects (one could lead to an internal address), the address check at
        // connect time, and the receiver time limit (each call also has its own).
        services.AddHttpClient<WebhookSender>((provider, http) => http.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.ReceiverTimeout + TimeSpan.FromSeconds(1))
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var policy = WebhookTargetPolicy.From(provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, cancellationToken) => WebhookSender.ConnectAsync(policy, context, cancellationToken),
                };
            });
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WebhookResumer>();
        return builder;
    }
}
