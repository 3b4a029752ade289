using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PresenceCluster.Auth;
using PresenceCluster.Diagnostics;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Partners;
using PresenceCluster.Presence;
using PresenceCluster.Storage;

namespace PresenceCluster.OAuth;

/// <summary>
/// The cluster's durable OAuth trust. Changes follow <see cref="PartnerBook"/> and <see cref="SigningRollover"/>,
/// are written, and then handed to every silo's <see cref="OAuthDirectory"/> before the call returns.
/// </summary>
internal sealed partial class OAuthRegistryGrain(
    [PersistentState(StorageNames.OAuthRegistryState, StorageNames.Provider)] IPersistentState<OAuthRegistryRecord> state,
    IOptions<OAuthOptions> options,
    PartnerMetadataClient metadata,
    IClusterMembershipService membership,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    PresenceMetrics metrics,
    ILogger<OAuthRegistryGrain> logger)
    : Grain, IOAuthRegistryGrain, IOAuthRegistrySyncGrain
{
    private static readonly TimeSpan DirectoryPublicationTimeout = TimeSpan.FromSeconds(10);
    private readonly OAuthOptions _options = options.Value;

    async Task<PartnerInfo> IOAuthRegistryGrain.AddPartnerAsync(PartnerRegistration registration)
    {
        var book = Book();
        PartnerBook.ValidateRegistration(registration);
        MetadataDocument? document = null;
        if (registration.MetadataUrl is { } url)
        {
            try
            {
                document = await metadata.FetchAsync(url, CancellationToken.None);
            }
            catch (PartnerMetadataException exception)
            {
                throw new InvalidInputException("metadataUrl", $"gave no usable metadata document: {exception.Message}");
            }
        }

        var next = book.Add(state.State, registration, document, time.GetUtcNow());
        await CommitAsync(next);
        var added = next.Partners[^1];
        LogPartnerAdded(logger, added.ApplicationId, added.TrustLevel, added.Enabled, added.MetadataUrl is not null);
        return PartnerBook.ToInfo(added);
    }

    Task<PartnerInfo[]> IOAuthRegistryGrain.ListPartnersAsync() =>
        Task.FromResult(state.State.Partners.Select(PartnerBook.ToInfo).ToArray());

    async Task<PartnerInfo> IOAuthRegistryGrain.SetPartnerEnabledAsync(string applicationId, bool enabled)
    {
        var next = PartnerBook.SetEnabled(state.State, applicationId ?? string.Empty, enabled);
        await CommitAsync(next);
        LogPartnerEnabled(logger, applicationId!, enabled);
        return PartnerBook.ToInfo(PartnerBook.Find(next, applicationId!));
    }

    async Task IOAuthRegistryGrain.RemovePartnerAsync(string applicationId)
    {
        await CommitAsync(PartnerBook.Remove(state.State, applicationId ?? string.Empty));
        LogPartnerRemoved(logger, applicationId!);
    }

    async Task<PartnerInfo[]> IOAuthRegistryGrain.RefreshPartnersAsync(bool force)
    {
        var now = time.GetUtcNow();
        var due = force
            ? state.State.Partners.Where(p => p.MetadataUrl is not null).ToList()
            : PartnerBook.DueForRefresh(state.State, now, _options.MetadataRefreshInterval).ToList();
        if (due.Count == 0)
        {
            return [];
        }

        var next = state.State;
        foreach (var partner in due)
        {
            try
            {
                var document = await metadata.FetchAsync(partner.MetadataUrl!, CancellationToken.None);
                next = PartnerBook.RefreshSucceeded(next, partner.ApplicationId, document, now);
            }
            catch (PartnerMetadataException exception)
            {
                next = PartnerBook.RefreshFailed(next, partner.ApplicationId, exception.Message, now);
                metrics.MetadataRefreshFailed();
            }

            if (PartnerBook.Find(next, partner.ApplicationId).LastRefreshError is { } error)
            {
                LogRefreshFailed(logger, partner.ApplicationId, error);
            }
        }

        await CommitAsync(next);
        return [.. due.Select(p => PartnerBook.ToInfo(PartnerBook.Find(next, p.ApplicationId)))];
    }

    Task<SigningCertificateInfo> IOAuthRegistryGrain.GetSigningAsync() => Task.FromResult(Describe(state.State));

    async Task<SigningCertificateInfo> IOAuthRegistryGrain.StageRolloverAsync(byte[] pkcs12, DateTimeOffset effective)
    {
        Book();
        if (pkcs12 is null || pkcs12.Length == 0)
        {
            throw new InvalidInputException("certificate", "is empty");
        }

        var next = SigningRollover.Stage(state.State, pkcs12, effective, time.GetUtcNow());
        await CommitAsync(next);
        LogRolloverStaged(logger, effective);
        return Describe(next);
    }

    async Task<SigningCertificateInfo> IOAuthRegistryGrain.CompleteRolloverAsync()
    {
        Book();
        var next = SigningRollover.Complete(state.State, time.GetUtcNow());
        await CommitAsync(next);
        LogRolloverCompleted(logger);
        return Describe(next);
    }

    Task<OAuthRegistryRecord> IOAuthRegistrySyncGrain.GetRecordAsync() => Task.FromResult(state.State);

    async Task<OAuthRegistryRecord> IOAuthRegistrySyncGrain.SeedSigningCertificateAsync(byte[] pkcs12)
    {
        var next = SigningRollover.Seed(state.State, pkcs12);
        if (!ReferenceEquals(next, state.State))
        {
            await CommitAsync(next);
        }

        return state.State;
    }

    private PartnerBook Book() =>
        string.IsNullOrWhiteSpace(_options.Realm)
            ? throw new NotConfiguredException("OAuth:Realm", "OAuth is off on this cluster: set OAuth:Realm (or Sip:DefaultDomain) on every silo.")
            : new PartnerBook(_options.Realm);

    private SigningCertificateInfo Describe(OAuthRegistryRecord record)
    {
        Book();
        using var signing = SigningRollover.Load(record) is { } loaded ? new LoadedCertificates(loaded) : throw new NotConfiguredException("OAuth:Realm", "The cluster has no token-issuer certificate yet; a silo with OAuth configured creates it when it starts.");
        return new SigningCertificateInfo
        {
            Issuer = $"{_options.ApplicationId}@{_options.Realm}",
            Audience = _options.OwnAudience,
            Current = PartnerCertificates.Describe(signing.Certificates.Current),
            Next = signing.Certificates.Next is { } next ? PartnerCertificates.Describe(next) : null,
            NextEffective = signing.Certificates.NextEffective,
            TokenLifetime = _options.TokenLifetime,
        };
    }

    private async Task CommitAsync(OAuthRegistryRecord next)
    {
        await state.WriteOrRevertAsync(next);

        var message = new Immutable<OAuthRegistryRecord>(next);
        var deliveries = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => GrainFactory.GetGrain<IOAuthDirectoryReplicaGrain>(m.SiloAddress.ToParsableString()).ApplyAsync(message))
            .ToList();
        try
        {
            await Task.WhenAll(deliveries).WaitAsync(DirectoryPublicationTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException)
        {
            // The change is durable; a silo that missed it pulls it within OAuth:SyncInterval.
            LogDirectoryPublicationFailed(logger, exception, next.Version);
        }
    }

    /// <summary>Disposes the loaded certificates' keys after describing them.</summary>
    private sealed class LoadedCertificates(SigningCertificates certificates) : IDisposable
    {
        public SigningCertificates Certificates { get; } = certificates;

        public void Dispose()
        {
            Certificates.Current.Dispose();
            Certificates.Next?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth partner {ApplicationId} registered (trust {TrustLevel}, enabled {Enabled}, by metadata URL {ByMetadata})")]
    private static partial void LogPartnerAdded(ILogger logger, string applicationId, TrustLevel trustLevel, bool enabled, bool byMetadata);

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth partner {ApplicationId} enabled: {Enabled}")]
    private static partial void LogPartnerEnabled(ILogger logger, string applicationId, bool enabled);

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth partner {ApplicationId} removed")]
    private static partial void LogPartnerRemoved(ILogger logger, string applicationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth partner {ApplicationId}: metadata refresh failed, the last good keys stay in use until they expire: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string applicationId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token-issuer certificate rollover staged, effective {Effective:u}")]
    private static partial void LogRolloverStaged(ILogger logger, DateTimeOffset effective);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token-issuer certificate rollover completed")]
    private static partial void LogRolloverCompleted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth registry version {Version} did not reach every silo; those pull it on their next sync")]
    private static partial void LogDirectoryPublicationFailed(ILogger logger, Exception exception, long version);
}
