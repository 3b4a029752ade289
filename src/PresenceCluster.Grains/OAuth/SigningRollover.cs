using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Auth;
using PresenceCluster.Errors;

namespace PresenceCluster.OAuth;

/// <summary>
/// The rules of the token-issuer certificate (docs/oauth-s2s.md): the first silo seeds it; a next one is staged with an
/// effective date while the current one is still valid, and the rollover is completed once that date has come.
/// </summary>
public static class SigningRollover
{
    /// <summary>Keeps the cluster's certificate if it has one; otherwise takes <paramref name="pkcs12"/>.</summary>
    public static OAuthRegistryRecord Seed(OAuthRegistryRecord record, byte[] pkcs12) =>
        record.CurrentCertificate is not null ? record : record with { Version = record.Version + 1, CurrentCertificate = pkcs12 };

    /// <summary>Stages <paramref name="pkcs12"/> to sign from <paramref name="effective"/> on.</summary>
    public static OAuthRegistryRecord Stage(OAuthRegistryRecord record, byte[] pkcs12, DateTimeOffset effective, DateTimeOffset now)
    {
        using var current = PartnerCertificates.LoadSigning(record.CurrentCertificate ?? throw NotSeeded());
        X509Certificate2 next;
        try
        {
            next = PartnerCertificates.LoadSigning(pkcs12);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidInputException("certificate", $"is not a PKCS#12 file without password ({exception.Message})");
        }

        using (next)
        {
            using var key = next.GetRSAPrivateKey();
            if (key is not { KeySize: >= SigningCertificates.MinimumKeySize })
            {
                throw new InvalidInputException("certificate", $"'{next.Subject}' must hold an RSA private key of at least {SigningCertificates.MinimumKeySize} bits");
            }

            if (string.Equals(next.Thumbprint, current.Thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidInputException("certificate", "is the certificate that signs now");
            }

            if (effective < now)
            {
                throw new InvalidInputException("effective", $"{effective:u} is in the past");
            }

            if (effective >= current.NotAfter.ToUniversalTime())
            {
                throw new InvalidInputException("effective", $"{effective:u} is after the current certificate expires ({current.NotAfter.ToUniversalTime():u})");
            }

            if (next.NotBefore.ToUniversalTime() > effective || next.NotAfter.ToUniversalTime() <= effective)
            {
                throw new InvalidInputException("certificate", $"is valid {next.NotBefore.ToUniversalTime():u}–{next.NotAfter.ToUniversalTime():u}, which does not cover its effective date {effective:u}");
            }
        }

        return record with { Version = record.Version + 1, NextCertificate = pkcs12, NextEffective = effective };
    }

    /// <summary>Makes the staged certificate the only one, once its effective date has come.</summary>
    public static OAuthRegistryRecord Complete(OAuthRegistryRecord record, DateTimeOffset now)
    {
        if (record.NextCertificate is null || record.NextEffective is not { } effective)
        {
            throw new InvalidInputException("rollover", "is not staged; stage a next certificate first");
        }

        if (now < effective)
        {
            // Completing early would stop publishing the certificate that still signs.
            throw new InvalidInputException("rollover", $"cannot complete before its effective date {effective:u}");
        }

        return record with { Version = record.Version + 1, CurrentCertificate = record.NextCertificate, NextCertificate = null, NextEffective = null };
    }

    /// <summary>The certificates of <paramref name="record"/>, loaded for signing and publishing.</summary>
    public static SigningCertificates? Load(OAuthRegistryRecord record) =>
        record.CurrentCertificate is null
            ? null
            : new SigningCertificates(
                PartnerCertificates.LoadSigning(record.CurrentCertificate),
                record.NextCertificate is null ? null : PartnerCertificates.LoadSigning(record.NextCertificate),
                record.NextEffective);

    private static NotConfiguredException NotSeeded() =>
        new("OAuth:Realm", "The cluster has no token-issuer certificate yet: OAuth is off (set OAuth:Realm or Sip:DefaultDomain on every silo).");
}
