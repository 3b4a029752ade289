using System.Security.Cryptography.X509Certificates;

namespace PresenceCluster.Auth;

/// <summary>
/// The cluster's token-issuer certificate and, during a rollover, the next one with its effective date (reference
/// §7): before the date the current one signs, after it the next one does; both are published meanwhile, so
/// partners trust the next one before it is used and tokens signed with the previous one stay valid.
/// </summary>
public sealed class SigningCertificates
{
    /// <summary>The minimum RSA key size accepted.</summary>
    public const int MinimumKeySize = 2048;

    public SigningCertificates(X509Certificate2 current, X509Certificate2? next = null, DateTimeOffset? nextEffective = null)
    {
        Check(current, nameof(current));
        if (next is not null)
        {
            Check(next, nameof(next));
            if (nextEffective is null)
            {
                throw new ArgumentException("A staged next certificate needs an effective date.", nameof(nextEffective));
            }
        }

        Current = current;
        Next = next;
        NextEffective = nextEffective;
    }

    public X509Certificate2 Current { get; }

    public X509Certificate2? Next { get; }

    public DateTimeOffset? NextEffective { get; }

    /// <summary>The certificate that signs at <paramref name="now"/>.</summary>
    public X509Certificate2 SignerAt(DateTimeOffset now) => Next is not null && now >= NextEffective ? Next : Current;

    /// <summary>The certificates to publish in the metadata document and the JWKS.</summary>
    public IReadOnlyList<X509Certificate2> Published => Next is null ? [Current] : [Current, Next];

    /// <summary>Stages <paramref name="next"/> to sign from <paramref name="effective"/> on.</summary>
    public SigningCertificates Stage(X509Certificate2 next, DateTimeOffset effective) => new(Current, next, effective);

    /// <summary>Ends a rollover: the next certificate becomes the only one.</summary>
    public SigningCertificates Complete() =>
        Next is null ? throw new InvalidOperationException("No rollover is staged.") : new SigningCertificates(Next);

    private static void Check(X509Certificate2 certificate, string name)
    {
        if (certificate.GetRSAPrivateKey() is not { KeySize: >= MinimumKeySize })
        {
            throw new ArgumentException($"The token-issuer certificate '{certificate.Subject}' must hold an RSA private key of at least {MinimumKeySize} bits.", name);
        }
    }
}
