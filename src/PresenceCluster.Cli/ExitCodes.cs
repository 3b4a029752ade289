namespace PresenceCluster.Cli;

/// <summary>What presencectl's exit code means.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>The cluster refused the request (invalid input, unknown partner, OAuth not configured); the message says why.</summary>
    public const int Refused = 1;

    /// <summary>The command line was wrong; the message and <c>--help</c> say how.</summary>
    public const int Usage = 2;

    /// <summary>The cluster could not be reached, or a local file could not be read.</summary>
    public const int Unavailable = 3;
}
