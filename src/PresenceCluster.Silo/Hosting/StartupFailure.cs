using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Silo.Storage;

namespace PresenceCluster.Silo.Hosting;

/// <summary>
/// Turns the ways a silo can refuse to start — a bad setting, an unusable key file, a port or a database already
/// taken — into one line for the operator. Anything else is a defect and keeps its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>The exit code of a silo that refused to start for a reason it could explain.</summary>
    public const int ExitCode = 2;

    /// <summary>The one-line explanation of <paramref name="exception"/>, or null when it is not a known refusal.</summary>
    public static string? Explain(Exception exception)
    {
        foreach (var cause in Causes(exception))
        {
            switch (cause)
            {
                case OptionsValidationException invalid:
                    return "invalid configuration: " + string.Join(" ", invalid.Failures);
                case KeyMaterialException or DatabaseInUseException or PortInUseException:
                    return cause.Message;
                case InvalidOperationException when cause.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    // The configuration binder's only way of saying a value has the wrong type (a word for a number).
                    return "invalid configuration: " + cause.Message;
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                case IOException when cause.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return $"a port this silo needs is already in use ({cause.Message}). Another silo or program is running on it: "
                        + "stop it, or give this silo other ports (Http:Port, Cluster:SiloPort, Cluster:GatewayPort).";
            }
        }

        return null;
    }

    /// <summary>The exception and everything it wraps, outermost first.</summary>
    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
