namespace PresenceCluster.Presence;

/// <summary>The kind of device an endpoint runs on.</summary>
[GenerateSerializer, Alias("PresenceCluster.DeviceClass")]
public enum DeviceClass
{
    /// <summary>A desktop or laptop client.</summary>
    Computer = 0,

    /// <summary>A phone or tablet app.</summary>
    Mobile = 1,

    /// <summary>A browser client.</summary>
    Web = 2,

    /// <summary>A desk phone.</summary>
    DeskPhone = 3,
}
