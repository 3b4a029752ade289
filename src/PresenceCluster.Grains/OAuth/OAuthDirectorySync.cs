using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Partners;
using PresenceCluster.Presence;

namespace PresenceCluster.OAuth;

/// <summary>
/// Fills the silo's <see cref="OAuthDirectory"/> before the silo serves: seeds the cluster's token-issuer
/// certificate (from <see cref="OAuthOptions.CertificatePath"/>, or one generated once in the data directory) unless
/// the cluster has one, then pulls the registry. Afterwards it pulls again and asks for due metadata refreshes every
/// <see cref="OAuthOptions.SyncInterval"/>, so a silo that missed a push catches up.
/// </summary>
internal sealed partial class OAuthDirectorySync(
    IGrainFactory grains,
    OAuthDirectory directory,
    IOptions<OAuthOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<OAuthDirectorySync> logger)
    : SiloBackgroundLoop
{
    /// <inheritdoc />
    protected override async Task StartingAsync(CancellationToken cancellationToken)
    {
        // The cluster's signing certificate exists with OAuth off too: it also signs the users' tokens of the
        // development sign-in, which the end-user API accepts on a silo without any configuration.
        var settings = options.Value;
        var oauthOn = !string.IsNullOrWhiteSpace(settings.Realm);
        if (!oauthOn)
        {
            LogOAuthOff(logger);
        }

        var subject = $"{settings.ApplicationId}@{(oauthOn ? settings.Realm : "presencecluster")}";
        using var configured = settings.CertificatePath.Length > 0
            ? TokenIssuerCertificateLoader.Load(settings.CertificatePath, settings.CertificatePassword)
            : TokenIssuerCertificateLoader.LoadOrGenerate(settings.DataDirectory, subject, time, settings.CertificatePassword);
        var record = await Registry().SeedSigningCertificateAsync(configured.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12));
        directory.Apply(record);
        if (directory.Signing is { } signing && !string.Equals(signing.Current.Thumbprint, configured.Thumbprint, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(signing.Next?.Thumbprint, configured.Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            LogConfiguredCertificateNotUsed(logger, configured.Thumbprint, signing.Current.Thumbprint);
        }

        if (oauthOn)
        {
            await RegisterConfiguredPartnersAsync(settings);
        }
    }

    private async Task RegisterConfiguredPartnersAsync(OAuthOptions settings)
    {
        var registry = grains.GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key);
        foreach (var partner in settings.Partners)
        {
            var registration = new PartnerRegistration
            {
                MetadataUrl = string.IsNullOrWhiteSpace(partner.MetadataUrl) ? null : new Uri(partner.MetadataUrl),
                ApplicationId = partner.ApplicationId,
                Realm = partner.Realm,
                Certificates = [.. partner.CertificatePaths.Select(path => X509CertificateLoader.LoadCertificateFromFile(path).RawData)],
                TrustLevel = partner.TrustLevel,
                Enabled = partner.Enabled,
                Operations = partner.Operations,
            };
            try
            {
                await registry.AddPartnerAsync(registration);
            }
            catch (InvalidInputException exception)
            {
                // A partner whose metadata server is down must not keep the silo from starting; the next start tries again.
                LogConfiguredPartnerNotRegistered(logger, partner.MetadataUrl ?? partner.ApplicationId ?? "?", exception.Message);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        var interval = options.Value.SyncInterval;
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(interval, TimeProvider.System, stopping);
            try
            {
                await grains.GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key).RefreshPartnersAsync(force: false);
                directory.Apply(await Registry().GetRecordAsync());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next round tries again; validation keeps using the copy it has.
                LogSyncFailed(logger, exception);
            }
        }
    }

    private IOAuthRegistrySyncGrain Registry() => grains.GetGrain<IOAuthRegistrySyncGrain>(IOAuthRegistryGrain.Key);

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth is off: neither OAuth:Realm nor Sip:DefaultDomain is set; no partner is trusted (the cluster's signing certificate still signs development sign-in tokens)")]
    private static partial void LogOAuthOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configured token-issuer certificate {Configured} is not the cluster's ({Cluster}); the cluster's signs. Roll over with presencectl to change it.")]
    private static partial void LogConfiguredCertificateNotUsed(ILogger logger, string configured, string cluster);

    [LoggerMessage(Level = LogLevel.Error, Message = "The partner {Partner} declared in OAuth:Partners was not registered: {Problem}")]
    private static partial void LogConfiguredPartnerNotRegistered(ILogger logger, string partner, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth registry sync failed; the silo keeps its copy and tries again")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
