using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PresenceCluster.Auth;

/// <summary>
/// Loads the token-issuer certificate from a PFX or PEM file, or on a single machine generates a self-signed one
/// once and keeps it in the data directory, so that restarts sign with the same key.
/// </summary>
public static class TokenIssuerCertificateLoader
{
    /// <summary>The file a generated certificate is kept in, inside the data directory.</summary>
    public const string GeneratedFileName = "token-issuer.pfx";

    /// <summary>
    /// Loads <paramref name="path"/>: a .pfx/.p12 (with <paramref name="password"/>), or a .pem holding the certificate
    /// and its private key. Refuses anything but RSA of at least 2048 bits, saying why.
    /// </summary>
    /// <exception cref="KeyMaterialException">The file is missing or unreadable, holds no usable key, or other users may read it.</exception>
    public static X509Certificate2 Load(string path, string? password = null)
    {
        if (!File.Exists(path))
        {
            throw new KeyMaterialException($"The token-issuer certificate file '{path}' does not exist (OAuth:CertificatePath).");
        }

        PrivateFiles.ThrowIfReadableByOthers(path, "The token-issuer certificate file");

        X509Certificate2 certificate;
        try
        {
            certificate = Path.GetExtension(path).ToLowerInvariant() is ".pem" or ".crt"
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException exception)
        {
            throw new KeyMaterialException($"The token-issuer certificate '{path}' could not be read (a wrong OAuth:CertificatePassword?): {exception.Message}", exception);
        }

        if (certificate.GetRSAPrivateKey() is not { KeySize: >= SigningCertificates.MinimumKeySize } rsa)
        {
            throw new KeyMaterialException($"The token-issuer certificate '{path}' must hold an RSA private key of at least {SigningCertificates.MinimumKeySize} bits.");
        }

        rsa.Dispose();
        return certificate;
    }

    /// <summary>
    /// The certificate kept in <paramref name="dataDirectory"/>, generated (RSA-2048, 2 years) on first use into a file
    /// only the silo's user may read (0600, in a 0700 directory when it creates it), encrypted with
    /// <paramref name="password"/> when one is given (<c>OAuth:CertificatePassword</c>).
    /// </summary>
    public static X509Certificate2 LoadOrGenerate(string dataDirectory, string subject, TimeProvider time, string? password = null)
    {
        var path = Path.Combine(dataDirectory, GeneratedFileName);
        if (File.Exists(path))
        {
            return Load(path, password);
        }

        PrivateFiles.CreateDirectory(dataDirectory);
        using var rsa = RSA.Create(SigningCertificates.MinimumKeySize);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));

        // Written to a temporary file first, so a crash cannot leave half a certificate behind; the temporary name
        // is unique and the move does not overwrite, so two silos starting at once over one directory agree on one.
        // The file is created 0600 rather than narrowed afterwards: there is no moment at which others could read it.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        PrivateFiles.WriteNew(temporary, created.Export(X509ContentType.Pkcs12, password));
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return Load(path, password);
    }
}
