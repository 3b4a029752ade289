namespace PresenceCluster.OAuth;

/// <summary>What silos ask of the OAuth registry (the private keys are in it: not for clients).</summary>
[Alias("PresenceCluster.IOAuthRegistrySyncGrain")]
public interface IOAuthRegistrySyncGrain : IGrainWithStringKey
{
    /// <summary>The whole registry.</summary>
    [Alias("GetRecord")]
    Task<OAuthRegistryRecord> GetRecordAsync();

    /// <summary>Makes <paramref name="pkcs12"/> the token-issuer certificate unless the cluster has one; returns the registry.</summary>
    [Alias("Seed")]
    Task<OAuthRegistryRecord> SeedSigningCertificateAsync(byte[] pkcs12);
}
