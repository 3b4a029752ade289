using PresenceCluster.Partners;

namespace PresenceCluster.Grains;

/// <summary>
/// The cluster's OAuth trust, kept durably in one place: the partner applications it accepts tokens from and the
/// token-issuer certificates it signs with. Every change reaches every silo before the call returns. Call it with
/// key <see cref="Key"/>.
/// </summary>
[Alias("PresenceCluster.IOAuthRegistryGrain")]
public interface IOAuthRegistryGrain : IGrainWithStringKey
{
    /// <summary>The one registry's key.</summary>
    public const string Key = "cluster";

    /// <summary>Adds a partner, or replaces the one with the same application id. A metadata URL is fetched first; nothing is stored if that fails.</summary>
    /// <exception cref="Errors.InvalidInputException">The registration or the fetched document is unusable; the message says why.</exception>
    [Alias("AddPartner")]
    Task<PartnerInfo> AddPartnerAsync(PartnerRegistration registration);

    /// <summary>Every registered partner.</summary>
    [Alias("ListPartners")]
    Task<PartnerInfo[]> ListPartnersAsync();

    /// <summary>Enables or disables a partner; a disabled partner's tokens are refused on every silo once this returns.</summary>
    /// <exception cref="Errors.NotFoundException">No partner has that application id.</exception>
    [Alias("SetPartnerEnabled")]
    Task<PartnerInfo> SetPartnerEnabledAsync(string applicationId, bool enabled);

    /// <summary>Removes a partner.</summary>
    /// <exception cref="Errors.NotFoundException">No partner has that application id.</exception>
    [Alias("RemovePartner")]
    Task RemovePartnerAsync(string applicationId);

    /// <summary>Fetches the metadata of every partner registered by URL whose refresh is due (all of them with <paramref name="force"/>).</summary>
    [Alias("RefreshPartners")]
    Task<PartnerInfo[]> RefreshPartnersAsync(bool force);

    /// <summary>The cluster's issuer, audience and token-issuer certificates.</summary>
    [Alias("GetSigning")]
    Task<SigningCertificateInfo> GetSigningAsync();

    /// <summary>
    /// Stages <paramref name="pkcs12"/> (a PKCS#12 file without password, RSA ≥ 2048, with its private key) to sign from
    /// <paramref name="effective"/> on; both certificates are published meanwhile.
    /// </summary>
    /// <exception cref="Errors.InvalidInputException">The certificate or the date is unusable.</exception>
    [Alias("StageRollover")]
    Task<SigningCertificateInfo> StageRolloverAsync(byte[] pkcs12, DateTimeOffset effective);

    /// <summary>Ends a rollover: the staged certificate becomes the only one, and the previous one is no longer published.</summary>
    /// <exception cref="Errors.InvalidInputException">No rollover is staged, or its effective date has not come yet.</exception>
    [Alias("CompleteRollover")]
    Task<SigningCertificateInfo> CompleteRolloverAsync();
}
