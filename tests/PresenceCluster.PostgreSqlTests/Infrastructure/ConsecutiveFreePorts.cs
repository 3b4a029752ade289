using System.Net;
using System.Net.Sockets;
using Orleans.TestingHost;

namespace PresenceCluster.PostgreSqlTests.Infrastructure;

/// <summary>
/// Ports for the PostgreSQL test clusters' silos and gateways, checked free by binding them without address reuse, from
/// a random start in ranges of their own. Orleans listens
/// with address reuse, which on Linux is SO_REUSEPORT: two test processes whose clusters picked the same ports would
/// both start, and their silos would talk to each other. The test assemblies run in parallel; these clusters take
/// their ports from ranges of their own, checked free, apart from where the other assembly's in-process clusters
/// (Orleans' own allocator) take theirs.
/// </summary>
public sealed class ConsecutiveFreePorts : ITestClusterPortAllocator
{
    // Below Orleans' own test ranges (gateways 12000-22000, silos 22300-30000) and the ephemeral ports, away from
    // the silo's defaults (8080, 11111, 30000) and the usual development servers (5000-8999).
    private const int SiloRangeStart = 2_100;
    private const int GatewayRangeStart = 9_100;
    private const int RangeLength = 1_800;

    /// <inheritdoc />
    public (int, int) AllocateConsecutivePortPairs(int numPorts = 5)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var silo = SiloRangeStart + Random.Shared.Next(RangeLength - numPorts);
            var gateway = GatewayRangeStart + Random.Shared.Next(RangeLength - numPorts);
            if (AllFree(silo, numPorts) && AllFree(gateway, numPorts))
            {
                return (silo, gateway);
            }
        }

        throw new InvalidOperationException($"No {numPorts} consecutive free ports found for a test cluster.");
    }

    /// <summary>Nothing is held: the ports were only probed.</summary>
    public void Dispose()
    {
    }

    private static bool AllFree(int start, int count)
    {
        for (var port = start; port < start + count; port++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Any, port));
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}
