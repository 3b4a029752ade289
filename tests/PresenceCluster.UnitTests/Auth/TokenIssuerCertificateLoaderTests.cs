using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

public sealed class TokenIssuerCertificateLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("presence-certs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadOrGenerate_GeneratesOnceAndKeepsTheSameKey()
    {
        var first = TokenIssuerCertificateLoader.LoadOrGenerate(_directory, "presence.contoso.com", TimeProvider.System);
        var second = TokenIssuerCertificateLoader.LoadOrGenerate(_directory, "presence.contoso.com", TimeProvider.System);

        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Equal(2048, second.GetRSAPublicKey()!.KeySize);
        Assert.True(File.Exists(Path.Combine(_directory, TokenIssuerCertificateLoader.GeneratedFileName)));
    }

    [Fact]
    public void Load_Pem_WithKey_Works()
    {
        var path = Path.Combine(_directory, "issuer.pem");
        File.WriteAllText(path, TestCertificates.First.ExportCertificatePem() + "\n" + TestCertificates.First.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var loaded = TokenIssuerCertificateLoader.Load(path);

        Assert.Equal(TestCertificates.First.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void Load_WeakKey_IsRefusedSayingWhy()
    {
        var path = Path.Combine(_directory, "weak.pfx");
        File.WriteAllBytes(path, TestCertificates.Weak.Export(X509ContentType.Pkcs12));

        var error = Assert.Throws<InvalidOperationException>(() => TokenIssuerCertificateLoader.Load(path));

        Assert.Contains("at least 2048 bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TokenIssuerCertificateLoader.Load(Path.Combine(_directory, "none.pfx")));

        Assert.Contains("none.pfx", error.Message, StringComparison.Ordinal);
    }
}
