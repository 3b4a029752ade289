using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PresenceCluster.Auth;
using PresenceCluster.Partners;

namespace PresenceCluster.UnitTests.Auth;

/// <summary>
/// Our validator against tokens a partner issues with our issuer code and real RSA-2048 certificates, and against
/// every known forgery, each case named and expecting its numbered reason.
/// </summary>
public sealed class S2STokenTests
{
    private const string Realm = "contoso.com";
    private const string OurHost = "presence.contoso.com";
    private const string SharePointId = "00000003-0000-0ff1-ce00-000000000000";
    private const string ExchangeId = "00000002-0000-0ff1-ce00-000000000000";
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    // RSA-2048 key generation is slow; the certificates are made once for all cases.
    private static readonly X509Certificate2 PartnerKey = TestCertificates.Create("CN=sharepoint");
    private static readonly X509Certificate2 PartnerSecondKey = TestCertificates.Create("CN=sharepoint-next");
    private static readonly X509Certificate2 AttackerKey = TestCertificates.Create("CN=attacker");
    private readonly X509Certificate2 _partnerKey = PartnerKey;
    private readonly X509Certificate2 _partnerSecondKey = PartnerSecondKey;
    private readonly X509Certificate2 _attackerKey = AttackerKey;
    private readonly OAuthOptions _ours = new() { Realm = Realm, HostName = OurHost };
    private readonly Dictionary<string, PartnerApplication> _partners = [];

    public S2STokenTests()
    {
        _partners[SharePointId] = new PartnerApplication { ApplicationId = SharePointId, Realm = Realm, SigningCertificates = [_partnerKey, _partnerSecondKey] };
        _partners[ExchangeId] = new PartnerApplication { ApplicationId = ExchangeId, Realm = Realm, TrustLevel = TrustLevel.Application, SigningCertificates = [_attackerKey] };
    }

    private S2STokenValidator Validator() => new(_ours, id => _partners.GetValueOrDefault(id), _time);

    /// <summary>SharePoint's own issuer, addressing us.</summary>
    private S2STokenIssuer SharePoint(X509Certificate2? key = null) =>
        new(new OAuthOptions { Realm = Realm, ApplicationId = SharePointId, HostName = "sharepoint.contoso.com" }, key ?? _partnerKey, _time);

    private string AppToken() => SharePoint().IssueActorToken(OAuthOptions.LyncApplicationId, OurHost);

    private string UserToken(string user = "sip:alice@contoso.com") => SharePoint().IssueUserToken(OAuthOptions.LyncApplicationId, OurHost, user);

    [Fact]
    public async Task AppOnlyToken_FromAFullTrustPartner_IsAccepted()
    {
        var outcome = await Validator().ValidateAsync(AppToken());

        Assert.Equal(TokenFailure.None, outcome.Failure);
        Assert.Equal(SharePointId, outcome.Partner?.ApplicationId);
        Assert.Null(outcome.User);
    }

    [Fact]
    public async Task UserToken_FromAFullTrustPartner_IsAcceptedForThatUser()
    {
        var outcome = await Validator().ValidateAsync(UserToken());

        Assert.Equal(TokenFailure.None, outcome.Failure);
        Assert.Equal("sip:alice@contoso.com", outcome.User);
    }

    [Fact]
    public async Task RememberedToken_IsRefused_OnceThePartnerIsDisabled()
    {
        var validator = Validator();
        var token = AppToken();
        Assert.True((await validator.ValidateAsync(token)).Succeeded);
        Assert.True((await validator.ValidateAsync(token)).Succeeded);

        _partners[SharePointId] = _partners[SharePointId] with { Enabled = false };

        Assert.Equal(TokenFailure.PartnerDisabled, (await validator.ValidateAsync(token)).Failure);
    }

    [Fact]
    public async Task RememberedToken_IsRefused_OnceItExpires()
    {
        var validator = Validator();
        var token = UserToken();
        Assert.True((await validator.ValidateAsync(token)).Succeeded);

        _time.Advance(TimeSpan.FromHours(1) + _ours.ClockSkew);

        Assert.Equal(TokenFailure.Expired, (await validator.ValidateAsync(token)).Failure);
    }

    [Fact]
    public async Task RememberedToken_GivesTheSameOutcome_WithoutCheckingTheSignatureAgain()
    {
        var validator = Validator();
        var token = UserToken();
        var first = await validator.ValidateAsync(token);

        var second = await validator.ValidateAsync(token);

        Assert.Same(first, second);
        Assert.Equal("sip:alice@contoso.com", second.User);
    }

    [Fact]
    public async Task TokenSignedWithThePartnersSecondKey_IsAccepted()
    {
        Assert.True((await Validator().ValidateAsync(SharePoint(_partnerSecondKey).IssueActorToken(OAuthOptions.LyncApplicationId, OurHost))).Succeeded);
    }

    [Fact]
    public async Task IssuedToken_HasTheReferenceFormat()
    {
        var token = AppToken();
        var header = JsonDocument.Parse(Decode(token.Split('.')[0])).RootElement;
        var payload = JsonDocument.Parse(Decode(token.Split('.')[1])).RootElement;

        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(S2STokenValidator.X5t(_partnerKey), header.GetProperty("x5t").GetString());
        Assert.Equal($"{SharePointId}@{Realm}", payload.GetProperty("iss").GetString());
        Assert.Equal($"{OAuthOptions.LyncApplicationId}/{OurHost}@{Realm}", payload.GetProperty("aud").GetString());
        Assert.Equal($"{SharePointId}@{Realm}", payload.GetProperty("nameid").GetString());
        Assert.Equal("true", payload.GetProperty("trustedfordelegation").GetString());
        Assert.Equal(3600, payload.GetProperty("exp").GetInt64() - payload.GetProperty("nbf").GetInt64());
        await Task.CompletedTask;
    }

    public static TheoryData<string, TokenFailure> Attacks() => new()
    {
        { "AlgNoneAlone", TokenFailure.UnsignedWithoutActor },
        { "UnsignedOuter_UnsignedActor", TokenFailure.ActorNotSigned },
        { "UnsignedOuter_SelfMadeActor", TokenFailure.UnknownKey },
        { "ActorSignedByUnknownKey", TokenFailure.UnknownKey },
        { "X5tMismatch", TokenFailure.BadSignature },
        { "Hs256WithPublicKeyAsSecret", TokenFailure.AlgorithmNotAllowed },
        { "WrongAudienceHost", TokenFailure.WrongAudience },
        { "WrongRealm", TokenFailure.WrongRealm },
        { "Expired", TokenFailure.Expired },
        { "NotYetValidBeyondSkew", TokenFailure.NotYetValid },
        { "MissingExp", TokenFailure.MissingExpiry },
        { "UnregisteredIssuer", TokenFailure.UnknownIssuer },
        { "DisabledPartner", TokenFailure.PartnerDisabled },
        { "ApplicationTrustPartnerActingForUser", TokenFailure.DelegationNotAllowed },
        { "UserOutsideRealm", TokenFailure.UserOutsideRealm },
        { "UserTrustPartnerActingAsItself", TokenFailure.DelegationNotAllowed },
        { "TamperedPayload", TokenFailure.BadSignature },
        { "PartnerKeyExpired", TokenFailure.KeyExpired },
        { "OversizeToken", TokenFailure.Oversize },
        { "MalformedBase64", TokenFailure.Malformed },
        { "MalformedJson", TokenFailure.Malformed },
        { "DeeplyNestedJson", TokenFailure.NestingTooDeep },
        { "DuplicateClaims", TokenFailure.DuplicateClaim },

        // Time and flag claims as Microsoft servers write them (strings), honoured or refused, never skipped.
        { "StringNbfBeyondSkew", TokenFailure.NotYetValid },
        { "StringExpPast", TokenFailure.Expired },
        { "StringIatBeyondSkew", TokenFailure.NotYetValid },
        { "NumericIatBeyondSkew", TokenFailure.NotYetValid },
        { "OuterStringNbfBeyondSkew", TokenFailure.NotYetValid },
        { "ActorStringNbfBeyondSkew_InsideOuter", TokenFailure.NotYetValid },
        { "ExpNonNumericString", TokenFailure.MalformedTimeClaim },
        { "ExpFloatString", TokenFailure.MalformedTimeClaim },
        { "ExpEmptyString", TokenFailure.MalformedTimeClaim },
        { "NbfArray", TokenFailure.MalformedTimeClaim },
        { "NbfObject", TokenFailure.MalformedTimeClaim },
        { "NbfNull", TokenFailure.MalformedTimeClaim },
        { "ExpBoolean", TokenFailure.MalformedTimeClaim },
        { "ExpStringOverflow", TokenFailure.MalformedTimeClaim },
        { "ExpNumberBeyondCalendar", TokenFailure.MalformedTimeClaim },
        { "IatNonNumericString", TokenFailure.MalformedTimeClaim },
        { "ActorExpFloatString_InsideOuter", TokenFailure.MalformedTimeClaim },
        { "TrustedForDelegationFalse_ActingForUser", TokenFailure.DelegationNotAllowed },
        { "TrustedForDelegationNotAFlag", TokenFailure.MalformedClaim },
        { "IsBrowserHostedAppNotAFlag", TokenFailure.MalformedClaim },
        { "NiiNotAString", TokenFailure.MalformedClaim },
        { "ActortAndActortokenBoth", TokenFailure.MalformedClaim },
        { "OuterIssuerNotActorNameid", TokenFailure.OuterIssuerNotActor },
    };

    /// <summary>
    /// Tokens shaped as Microsoft's documentation prints them: SharePoint's high-trust actor and outer tokens (every
    /// claim a string, the actor in <c>actortoken</c>, <c>nii</c>), Exchange's outer token for a user (UPN in
    /// <c>nameid</c>, <c>smtp</c>, <c>sip</c>), and the JWT-library forms (numbers, fractions) beside them.
    /// </summary>
    public static TheoryData<string, string?> MicrosoftShapes() => new()
    {
        { "SharePointHighTrustActor_StringDates", null },
        { "SharePointHighTrustOuter_ActortokenWithUpnAndNii", "alice@contoso.com" },
        { "ExchangeOuter_UpnSmtpSip_StringDates", "sip:alice@contoso.com" },
        { "LyncActor_NumericDates", null },
        { "StringIatAndIsBrowserHostedApp", null },
        { "FlagsAsJsonBooleans", null },
        { "FractionalNumericDates", null },
        { "StringNbfWithinSkew", null },
    };

    [Theory]
    [MemberData(nameof(MicrosoftShapes))]
    public async Task MicrosoftShapedToken_IsAccepted(string shape, string? user)
    {
        var outcome = await Validator().ValidateAsync(Forge(shape));

        Assert.Equal(TokenFailure.None, outcome.Failure);
        Assert.Equal(SharePointId, outcome.Partner?.ApplicationId);
        Assert.Equal(user, outcome.User);
    }

    [Fact]
    public async Task RememberedToken_WithStringExp_ExpiresAtThatTime()
    {
        var validator = Validator();
        var token = Forge("SharePointHighTrustActor_StringDates");
        Assert.True((await validator.ValidateAsync(token)).Succeeded);

        _time.Advance(TimeSpan.FromHours(12) + _ours.ClockSkew);

        Assert.Equal(TokenFailure.Expired, (await validator.ValidateAsync(token)).Failure);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Attack_IsRefusedWithItsReason(string attack, TokenFailure expected)
    {
        var outcome = await Validator().ValidateAsync(Forge(attack));

        Assert.False(outcome.Succeeded);
        Assert.Equal(expected, outcome.Failure);
        Assert.Null(outcome.User);
    }

    private string Forge(string attack)
    {
        var audience = $"{OAuthOptions.LyncApplicationId}/{OurHost}@{Realm}";
        var issuer = $"{SharePointId}@{Realm}";
        var exp = Now.AddHours(1).ToUnixTimeSeconds();
        var nbf = Now.ToUnixTimeSeconds();
        string Claims(string? aud = null, string? iss = null, long? expires = 0, long? notBefore = null) =>
            JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["aud"] = aud ?? audience,
                ["iss"] = iss ?? issuer,
                ["nbf"] = notBefore ?? nbf,
                ["exp"] = expires == 0 ? exp : expires,
                ["nameid"] = iss ?? issuer,
            }.Where(p => p.Value is not null).ToDictionary());
        string Signed(string payload, X509Certificate2 key, string? x5t = null) =>
            SignRs256($"{{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"{x5t ?? S2STokenValidator.X5t(key)}\"}}", payload, key);
        string Unsigned(string payload) => $"{JwtSegments.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{JwtSegments.Encode(payload)}.";
        string Outer(string actor, string user = "sip:alice@contoso.com") =>
            Unsigned(JsonSerializer.Serialize(new Dictionary<string, object> { ["aud"] = audience, ["iss"] = issuer, ["nbf"] = nbf, ["exp"] = exp, ["sip"] = user, ["actort"] = actor }));

        // Claims as raw JSON values, so that a case can give any claim any JSON kind.
        string Text(long seconds) => $"\"{seconds}\"";
        string Payload(params (string Name, string? Json)[] claims) =>
            "{" + string.Join(',', claims.Where(c => c.Json is not null).Select(c => $"\"{c.Name}\":{c.Json}")) + "}";
        string Quoted(string value) => JsonSerializer.Serialize(value);
        string Actor(string? nbfJson = null, string? expJson = null, params (string, string?)[] more) => Payload(
            [("aud", Quoted(audience)), ("iss", Quoted(issuer)), ("nbf", nbfJson ?? Text(nbf)), ("exp", expJson ?? Text(Now.AddHours(12).ToUnixTimeSeconds())),
             ("nameid", Quoted(issuer)), ("trustedfordelegation", "\"true\""), .. more]);
        string OuterOf(string actor, string? nbfJson = null, string actorClaim = "actortoken", params (string, string?)[] more) => Unsigned(Payload(
            [("aud", Quoted(audience)), ("iss", Quoted(issuer)), ("nbf", nbfJson ?? Text(nbf)), ("exp", Text(Now.AddHours(12).ToUnixTimeSeconds())),
             ("nameid", Quoted("alice@contoso.com")), ("nii", Quoted("urn:office:idp:activedirectory")), (actorClaim, Quoted(actor)), .. more]));
        string SignedActor(string payload) =>
            SignRs256($"{{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"{S2STokenValidator.X5t(_partnerKey)}\"}}", payload, _partnerKey);

        switch (attack)
        {
            case "SharePointHighTrustActor_StringDates":
                return SignedActor(Actor());
            case "SharePointHighTrustOuter_ActortokenWithUpnAndNii":
                return OuterOf(SignedActor(Actor()));
            case "ExchangeOuter_UpnSmtpSip_StringDates":
                return Unsigned(Payload(
                    ("aud", Quoted(audience)), ("iss", Quoted(issuer)), ("nbf", Text(nbf)), ("exp", Text(exp)), ("nameid", Quoted("alice@contoso.com")),
                    ("upn", Quoted("alice@contoso.com")), ("smtp", Quoted("alice@contoso.com")), ("sip", Quoted("sip:alice@contoso.com")),
                    ("actort", Quoted(SignedActor(Actor())))));
            case "LyncActor_NumericDates":
                return AppToken();
            case "StringIatAndIsBrowserHostedApp":
                return SignedActor(Actor(more: [("iat", Text(nbf - 60)), ("isbrowserhostedapp", "\"false\"")]));
            case "FlagsAsJsonBooleans":
                return SignedActor(Payload(("aud", Quoted(audience)), ("iss", Quoted(issuer)), ("nbf", $"{nbf}"), ("exp", $"{exp}"), ("nameid", Quoted(issuer)),
                    ("trustedfordelegation", "true"), ("isbrowserhostedapp", "false")));
            case "FractionalNumericDates":
                return SignedActor(Actor(nbfJson: $"{nbf - 1}.25", expJson: $"{exp}.75"));
            case "StringNbfWithinSkew":
                return SignedActor(Actor(nbfJson: Text(Now.AddMinutes(4).ToUnixTimeSeconds())));

            case "StringNbfBeyondSkew":
                return SignedActor(Actor(nbfJson: Text(Now.AddHours(1).ToUnixTimeSeconds())));
            case "StringExpPast":
                return SignedActor(Actor(nbfJson: Text(Now.AddHours(-9).ToUnixTimeSeconds()), expJson: Text(Now.AddHours(-1).ToUnixTimeSeconds())));
            case "StringIatBeyondSkew":
                return SignedActor(Actor(more: ("iat", Text(Now.AddMinutes(30).ToUnixTimeSeconds()))));
            case "NumericIatBeyondSkew":
                return SignedActor(Actor(more: ("iat", $"{Now.AddMinutes(30).ToUnixTimeSeconds()}")));
            case "OuterStringNbfBeyondSkew":
                return OuterOf(SignedActor(Actor()), nbfJson: Text(Now.AddHours(1).ToUnixTimeSeconds()));
            case "ActorStringNbfBeyondSkew_InsideOuter":
                return OuterOf(SignedActor(Actor(nbfJson: Text(Now.AddHours(1).ToUnixTimeSeconds()))));
            case "ExpNonNumericString":
                return SignedActor(Actor(expJson: Quoted("tomorrow")));
            case "ExpFloatString":
                return SignedActor(Actor(expJson: Quoted($"{exp}.5")));
            case "ExpEmptyString":
                return SignedActor(Actor(expJson: Quoted(string.Empty)));
            case "NbfArray":
                return SignedActor(Actor(nbfJson: $"[{nbf}]"));
            case "NbfObject":
                return SignedActor(Actor(nbfJson: $"{{\"seconds\":{nbf}}}"));
            case "NbfNull":
                return SignedActor(Actor(nbfJson: "null"));
            case "ExpBoolean":
                return SignedActor(Actor(expJson: "true"));
            case "ExpStringOverflow":
                return SignedActor(Actor(expJson: Quoted("99999999999999999999")));
            case "ExpNumberBeyondCalendar":
                return SignedActor(Actor(expJson: "1e15"));
            case "IatNonNumericString":
                return SignedActor(Actor(more: ("iat", Quoted("now"))));
            case "ActorExpFloatString_InsideOuter":
                return OuterOf(SignedActor(Actor(expJson: Quoted($"{exp}.5"))));
            case "TrustedForDelegationFalse_ActingForUser":
                return OuterOf(SignedActor(Actor().Replace("\"trustedfordelegation\":\"true\"", "\"trustedfordelegation\":\"false\"", StringComparison.Ordinal)));
            case "TrustedForDelegationNotAFlag":
                return SignedActor(Actor().Replace("\"trustedfordelegation\":\"true\"", "\"trustedfordelegation\":\"yes\"", StringComparison.Ordinal));
            case "IsBrowserHostedAppNotAFlag":
                return SignedActor(Actor(more: ("isbrowserhostedapp", "1")));
            case "NiiNotAString":
                return Unsigned(Payload(("aud", Quoted(audience)), ("iss", Quoted(issuer)), ("nbf", Text(nbf)), ("exp", Text(exp)),
                    ("nameid", Quoted("alice@contoso.com")), ("nii", "7"), ("actortoken", Quoted(SignedActor(Actor())))));
            case "ActortAndActortokenBoth":
                return OuterOf(SignedActor(Actor()), more: ("actort", Quoted(SignedActor(Actor()))));
            case "OuterIssuerNotActorNameid":
                return OuterOf(SignedActor(Actor().Replace($"\"nameid\":{Quoted(issuer)}", $"\"nameid\":{Quoted($"{ExchangeId}@{Realm}")}", StringComparison.Ordinal)));
            case "AlgNoneAlone":
                return Unsigned(Claims());
            case "UnsignedOuter_UnsignedActor":
                return Outer(Unsigned(Claims()));
            case "UnsignedOuter_SelfMadeActor":
                return Outer(Signed(Claims(), _attackerKey));
            case "ActorSignedByUnknownKey":
                return Signed(Claims(), _attackerKey);
            case "X5tMismatch":
                return Signed(Claims(), _partnerKey, S2STokenValidator.X5t(_partnerSecondKey));
            case "Hs256WithPublicKeyAsSecret":
                var header = JwtSegments.Encode($"{{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x5t\":\"{S2STokenValidator.X5t(_partnerKey)}\"}}");
                var body = JwtSegments.Encode(Claims());
                var mac = HMACSHA256.HashData(_partnerKey.GetRSAPublicKey()!.ExportSubjectPublicKeyInfo(), Encoding.ASCII.GetBytes($"{header}.{body}"));
                return $"{header}.{body}.{System.Buffers.Text.Base64Url.EncodeToString(mac)}";
            case "WrongAudienceHost":
                return Signed(Claims(aud: $"{OAuthOptions.LyncApplicationId}/evil.example@{Realm}"), _partnerKey);
            case "WrongRealm":
                return Signed(Claims(iss: $"{SharePointId}@fabrikam.com"), _partnerKey);
            case "Expired":
                return Signed(Claims(expires: Now.AddMinutes(-6).ToUnixTimeSeconds(), notBefore: Now.AddHours(-2).ToUnixTimeSeconds()), _partnerKey);
            case "NotYetValidBeyondSkew":
                return Signed(Claims(notBefore: Now.AddMinutes(6).ToUnixTimeSeconds(), expires: Now.AddHours(2).ToUnixTimeSeconds()), _partnerKey);
            case "MissingExp":
                return Signed(Claims(expires: null), _partnerKey);
            case "UnregisteredIssuer":
                return Signed(Claims(iss: $"11111111-0000-0ff1-ce00-000000000000@{Realm}"), _partnerKey);
            case "DisabledPartner":
                _partners[SharePointId] = _partners[SharePointId] with { Enabled = false };
                return AppToken();
            case "ApplicationTrustPartnerActingForUser":
                return new S2STokenIssuer(new OAuthOptions { Realm = Realm, ApplicationId = ExchangeId, HostName = "mail.contoso.com" }, _attackerKey, _time)
                    .IssueUserToken(OAuthOptions.LyncApplicationId, OurHost, "sip:alice@contoso.com");
            case "UserTrustPartnerActingAsItself":
                _partners[SharePointId] = _partners[SharePointId] with { TrustLevel = TrustLevel.User };
                return AppToken();
            case "UserOutsideRealm":
                return UserToken("sip:mallory@fabrikam.com");
            case "PartnerKeyExpired":
                // The last good key of a partner whose metadata stopped refreshing, past its end.
                var expired = TestCertificates.Create("CN=sharepoint-old", Now.AddYears(-2), Now.AddDays(-1));
                _partners[SharePointId] = _partners[SharePointId] with { SigningCertificates = [expired] };
                return SharePoint(expired).IssueActorToken(OAuthOptions.LyncApplicationId, OurHost);
            case "TamperedPayload":
                // A genuine token whose payload is swapped for one claiming longer validity, signature kept.
                var parts = AppToken().Split('.');
                return $"{parts[0]}.{JwtSegments.Encode(Claims(expires: Now.AddDays(30).ToUnixTimeSeconds()))}.{parts[2]}";
            case "OversizeToken":
                return Signed(Claims().TrimEnd('}') + ",\"pad\":\"" + new string('x', 20_000) + "\"}", _partnerKey);
            case "MalformedBase64":
                return "!!!." + JwtSegments.Encode(Claims()) + ".sig";
            case "MalformedJson":
                return $"{JwtSegments.Encode("{\"alg\":\"RS256\"")}.{JwtSegments.Encode(Claims())}.c2ln";
            case "DeeplyNestedJson":
                return Signed(Claims().TrimEnd('}') + ",\"n\":" + new string('[', 30) + new string(']', 30) + "}", _partnerKey);
            case "DuplicateClaims":
                return Signed(Claims().TrimEnd('}') + $",\"aud\":\"{audience}\"}}", _partnerKey);
            default:
                throw new ArgumentOutOfRangeException(nameof(attack), attack, "No such attack.");
        }
    }

    private static string SignRs256(string header, string payload, X509Certificate2 key)
    {
        var input = $"{JwtSegments.Encode(header)}.{JwtSegments.Encode(payload)}";
        var signature = key.GetRSAPrivateKey()!.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}";
    }

    private static byte[] Decode(string segment) => System.Buffers.Text.Base64Url.DecodeFromChars(segment);
}
