using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PresenceCluster.UnitTests.Auth;

/// <summary>Real self-signed certificates, made once per test run (RSA key generation is slow).</summary>
internal static class TestCertificates
{
    public static readonly X509Certificate2 First = Create("CN=presence-1");
    public static readonly X509Certificate2 Second = Create("CN=presence-2");
    public static readonly X509Certificate2 Weak = Create("CN=weak", 1024);

    public static X509Certificate2 Create(string subject, int keySize = 2048) =>
        Create(subject, DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1), keySize);

    public static X509Certificate2 Create(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, int keySize = 2048)
    {
        using var rsa = RSA.Create(keySize);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore, notAfter);
    }
}
