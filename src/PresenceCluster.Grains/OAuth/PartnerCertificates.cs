using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Auth;
using PresenceCluster.Partners;

namespace PresenceCluster.OAuth;

/// <summary>Reads the certificates the registry stores, and describes them to administrators.</summary>
public static class PartnerCertificates
{
    /// <summary>A DER certificate holding an RSA public key of at least 2048 bits, or null with the reason.</summary>
    public static X509Certificate2? TryLoadPublic(byte[] der, out string problem)
    {
        problem = string.Empty;
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(der);
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not { KeySize: >= SigningCertificates.MinimumKeySize })
            {
                problem = $"certificate '{certificate.Subject}' does not hold an RSA key of at least {SigningCertificates.MinimumKeySize} bits";
                return null;
            }

            return certificate;
        }
        catch (CryptographicException exception)
        {
            problem = $"a certificate could not be read ({exception.Message})";
            return null;
        }
    }

    /// <summary>The readable ones of stored certificates (the registry only stores certificates it could read).</summary>
    public static IReadOnlyList<X509Certificate2> LoadAllPublic(IEnumerable<byte[]> ders) =>
        [.. ders.Select(der => TryLoadPublic(der, out _)).OfType<X509Certificate2>()];

    /// <summary>A PKCS#12 without password holding a certificate with its RSA (≥ 2048 bits) private key.</summary>
    public static X509Certificate2 LoadSigning(byte[] pkcs12) =>
        X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.Exportable);

    /// <summary>What administrators see of a certificate.</summary>
    public static PartnerKeyInfo Describe(X509Certificate2 certificate) =>
        new(S2STokenValidator.X5t(certificate), certificate.Subject, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
}
