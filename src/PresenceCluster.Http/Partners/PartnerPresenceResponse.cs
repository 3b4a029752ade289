namespace PresenceCluster.Http.Partners;

/// <summary>The answer of the partner presence API: one view per requested SIP URI, in the order asked.</summary>
public sealed record class PartnerPresenceResponse(IReadOnlyList<PartnerPresenceView> Presence);
