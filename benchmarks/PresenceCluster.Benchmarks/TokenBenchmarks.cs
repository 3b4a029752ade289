using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using PresenceCluster.Auth;

namespace PresenceCluster.Benchmarks;

/// <summary>
/// S2S tokens issued and validated, next to what this machine's RSA-2048 can do at all (the limit): a raw PKCS#1
/// SHA-256 verify and sign of a token-sized message. Validation cold = every call verifies the signature; cached =
/// the partner reuses its token, as partners do for its lifetime.
/// </summary>
[Config(typeof(HotPathConfig))]
public class TokenBenchmarks
{
    private const string Realm = "contoso.com";
    private const string OurHost = "presence.contoso.com";
    private const string SharePointId = "00000003-0000-0ff1-ce00-000000000000";
    private X509Certificate2 _partnerKey = null!;
    private RSA _rsa = null!;
    private byte[] _message = [];
    private byte[] _signature = [];
    private S2STokenIssuer _partner = null!;
    private S2STokenIssuer _ours = null!;
    private IssuedTokenCache _issued = null!;
    private S2STokenValidator _cold = null!;
    private S2STokenValidator _cached = null!;
    private string _appToken = string.Empty;
    private string _userToken = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sharepoint", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _partnerKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _rsa = _partnerKey.GetRSAPrivateKey()!;
        var time = TimeProvider.System;
        var ours = new OAuthOptions { Realm = Realm, HostName = OurHost };
        var partner = new PartnerApplication { ApplicationId = SharePointId, Realm = Realm, SigningCertificates = [_partnerKey] };
        _partner = new S2STokenIssuer(new OAuthOptions { Realm = Realm, ApplicationId = SharePointId, HostName = "sharepoint.contoso.com" }, _partnerKey, time);
        _ours = new S2STokenIssuer(ours, _partnerKey, time);
        _issued = new IssuedTokenCache(time, ours.TokenLifetime);
        _cold = new S2STokenValidator(ours, id => id == SharePointId ? partner : null, time, cacheCapacity: 0);
        _cached = new S2STokenValidator(ours, id => id == SharePointId ? partner : null, time);
        _appToken = _partner.IssueActorToken(OAuthOptions.LyncApplicationId, OurHost);
        _userToken = _partner.IssueUserToken(OAuthOptions.LyncApplicationId, OurHost, "sip:alice@contoso.com");

        // The signed part of a real token, so the raw operations work on a message of the same size.
        _message = Encoding.ASCII.GetBytes(_appToken[.._appToken.LastIndexOf('.')]);
        _signature = _rsa.SignData(_message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!_cold.ValidateAsync(_appToken).Result.Succeeded || !_cold.ValidateAsync(_userToken).Result.Succeeded)
        {
            throw new InvalidOperationException("The benchmark's tokens do not validate.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rsa.Dispose();
        _partnerKey.Dispose();
    }

    [Benchmark(Description = "limit: raw RSA-2048 verify")]
    public bool RawRsaVerify() => _rsa.VerifyData(_message, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "limit: raw RSA-2048 sign")]
    public byte[] RawRsaSign() => _rsa.SignData(_message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "validate app-only token, cold")]
    public Task<TokenValidationOutcome> ValidateAppTokenCold() => _cold.ValidateAsync(_appToken);

    [Benchmark(Description = "validate user-delegated token, cold")]
    public Task<TokenValidationOutcome> ValidateUserTokenCold() => _cold.ValidateAsync(_userToken);

    [Benchmark(Description = "validate app-only token, cached")]
    public Task<TokenValidationOutcome> ValidateAppTokenCached() => _cached.ValidateAsync(_appToken);

    [Benchmark(Description = "issue actor token, cold")]
    public string IssueActorTokenCold() => _ours.IssueActorToken(SharePointId, "sharepoint.contoso.com");

    [Benchmark(Description = "issue actor token, cached")]
    public string IssueActorTokenCached() => _issued.GetOrIssue(SharePointId, null, () => _ours.IssueActorToken(SharePointId, "sharepoint.contoso.com"));
}
