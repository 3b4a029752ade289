namespace PresenceCluster.Errors;

/// <summary>The call needs a feature the cluster is not configured for; the message names the setting.</summary>
[GenerateSerializer, Alias("PresenceCluster.NotConfiguredException")]
public sealed class NotConfiguredException : PresenceClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setting">The configuration key that needs a value, for example <c>OAuth:Realm</c>.</param>
    /// <param name="message">What is missing and how to set it.</param>
    public NotConfiguredException(string setting, string message)
        : base(message)
    {
        Setting = setting;
    }

    /// <summary>The configuration key that needs a value.</summary>
    [Id(0)]
    public string Setting { get; }
}
