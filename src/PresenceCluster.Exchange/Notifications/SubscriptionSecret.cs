using System.Security.Cryptography;
using System.Text;

namespace PresenceCluster.Exchange.Notifications;

/// <summary>
/// The client state of a Graph subscription: a 256-bit random secret made with the subscription, which every
/// notification must carry. Anyone can reach the notification route; only Graph knows the secret.
/// </summary>
public static class SubscriptionSecret
{
    /// <summary>A new secret (base64).</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether <paramref name="notification"/> names subscription <paramref name="id"/> with its <paramref name="secret"/> (compared in constant time).</summary>
    public static bool Matches(string? id, string? secret, MailboxChangeNotification notification) =>
        id is not null && secret is not null && notification.SubscriptionId == id
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(notification.ClientState), Encoding.UTF8.GetBytes(secret));
}
