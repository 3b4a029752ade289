using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Auth;

namespace PresenceCluster.UnitTests.Auth;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
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
    public void LoadOrGenerate_CreatesTheKeyFileForItsOwnerOnly_InAnOwnerOnlyDirectory()
    {
        var directory = Path.Combine(_directory, "data");

        TokenIssuerCertificateLoader.LoadOrGenerate(directory, "presence.contoso.com", TimeProvider.System);

        Assert.Equal(PrivateFiles.OwnerOnlyDirectoryMode, File.GetUnixFileMode(directory));
        Assert.Equal(PrivateFiles.OwnerOnlyFileMode, File.GetUnixFileMode(Path.Combine(directory, TokenIssuerCertificateLoader.GeneratedFileName)));
        Assert.Equal([TokenIssuerCertificateLoader.GeneratedFileName], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void LoadOrGenerate_WithAPassword_EncryptsTheFile_AndNeedsThePasswordAgain()
    {
        var first = TokenIssuerCertificateLoader.LoadOrGenerate(_directory, "presence.contoso.com", TimeProvider.System, "s3cret");
        var path = Path.Combine(_directory, TokenIssuerCertificateLoader.GeneratedFileName);

        var again = TokenIssuerCertificateLoader.LoadOrGenerate(_directory, "presence.contoso.com", TimeProvider.System, "s3cret");
        var withoutPassword = Assert.Throws<KeyMaterialException>(() => TokenIssuerCertificateLoader.Load(path));

        Assert.Equal(first.Thumbprint, again.Thumbprint);
        Assert.Contains("could not be read", withoutPassword.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, "0604")]
    public void Load_KeyFileReadableByOthers_IsRefusedWithTheFix(UnixFileMode mode, string shown)
    {
        TokenIssuerCertificateLoader.LoadOrGenerate(_directory, "presence.contoso.com", TimeProvider.System);
        var path = Path.Combine(_directory, TokenIssuerCertificateLoader.GeneratedFileName);
        File.SetUnixFileMode(path, mode);

        var error = Assert.Throws<KeyMaterialException>(() => TokenIssuerCertificateLoader.LoadOrGenerate(_directory, "presence.contoso.com", TimeProvider.System));

        Assert.Contains($"readable by other users (mode {shown})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 '{path}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyFileReadableByItsGroupOnly_IsAccepted()
    {
        // The usual /etc/ssl/private layout: a service group may read the key; the world may not.
        var path = Path.Combine(_directory, "issuer.pfx");
        PrivateFiles.WriteNew(path, TestCertificates.First.Export(X509ContentType.Pkcs12));
        File.SetUnixFileMode(path, PrivateFiles.OwnerOnlyFileMode | UnixFileMode.GroupRead);

        Assert.Equal(TestCertificates.First.Thumbprint, TokenIssuerCertificateLoader.Load(path).Thumbprint);
    }

    [Fact]
    public void Load_Pem_WithKey_Works()
    {
        var path = Path.Combine(_directory, "issuer.pem");
        PrivateFiles.WriteNew(path, System.Text.Encoding.ASCII.GetBytes(TestCertificates.First.ExportCertificatePem() + "\n" + TestCertificates.First.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()));

        var loaded = TokenIssuerCertificateLoader.Load(path);

        Assert.Equal(TestCertificates.First.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void Load_WeakKey_IsRefusedSayingWhy()
    {
        var path = Path.Combine(_directory, "weak.pfx");
        PrivateFiles.WriteNew(path, TestCertificates.Weak.Export(X509ContentType.Pkcs12));

        var error = Assert.Throws<KeyMaterialException>(() => TokenIssuerCertificateLoader.Load(path));

        Assert.Contains("at least 2048 bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var error = Assert.Throws<KeyMaterialException>(() => TokenIssuerCertificateLoader.Load(Path.Combine(_directory, "none.pfx")));

        Assert.Contains("none.pfx", error.Message, StringComparison.Ordinal);
    }
}
