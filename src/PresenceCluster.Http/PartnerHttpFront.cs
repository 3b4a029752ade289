using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;

namespace PresenceCluster.Http;

/// <summary>
/// The silo's HTTP front, co-hosted with the silo: a small Kestrel application of its own, started once the silo
/// is up (so every request can reach the grains) and stopped before it. It serves the OAuth metadata, the JWKS and
/// the partner presence API.
/// </summary>
internal sealed partial class PartnerHttpFront(
    IServiceProvider silo,
    IOptions<PartnerHttpOptions> httpOptions,
    IOptions<OAuthOptions> oauthOptions,
    IOptions<PresenceOptions> presenceOptions,
    ILogger<PartnerHttpFront> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private WebApplication? _application;

    /// <summary>The address served, once started (with the real port when configured as 0 in tests).</summary>
    public Uri? Address { get; private set; }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PartnerHttpFront), ServiceLifecycleStage.Active + 1, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = httpOptions.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        foreach (var provider in silo.GetServices<ILoggerProvider>())
        {
            builder.Logging.AddProvider(provider);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.Port);
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = PartnerHttpOptions.MaxRequestHeadersBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = PartnerHttpOptions.MaxRequestHeadersBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddProblemDetails();

        var application = builder.Build();
        application.MapOAuthMetadata(silo.GetRequiredService<OAuthDirectory>(), oauthOptions.Value);
        new PartnerPresenceApi(
            silo.GetRequiredService<S2STokenValidator>(),
            silo.GetRequiredService<IGrainFactory>(),
            oauthOptions.Value,
            presenceOptions.Value.MaxBatchSize,
            silo.GetRequiredService<ILogger<PartnerPresenceApi>>()).Map(application);

        await application.StartAsync(cancellationToken);
        _application = application;
        Address = new Uri(application.Urls.First());
        LogServing(logger, Address);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_application is { } application)
        {
            await application.StopAsync(cancellationToken);
            await application.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP front serving OAuth metadata and the partner API at {Address}")]
    private static partial void LogServing(ILogger logger, Uri address);
}
