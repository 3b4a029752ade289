using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Http.Hosting;
using PresenceCluster.Silo.Storage;

namespace PresenceCluster.Silo.Hosting;

/// <summary>
/// What a silo checks before it starts anything, so that a mistake stops it with one line instead of half a start:
/// its ports are free, its SQLite database is not another silo process's and not readable by others, and the
/// token-issuer key file is usable and private.
/// </summary>
/// <remarks>
/// The ports are checked by binding them without address reuse: Orleans listens with reuse on, and on Linux that
/// means SO_REUSEPORT, so a second silo on the same ports would otherwise start and share them with the first.
/// </remarks>
public static class SiloPreflight
{
    /// <summary>Runs every check.</summary>
    /// <exception cref="OptionsValidationException">A <c>Cluster</c> or <c>Http</c> setting is invalid.</exception>
    /// <exception cref="PortInUseException">A configured port is taken.</exception>
    /// <exception cref="DatabaseInUseException">Another silo process uses the SQLite database.</exception>
    /// <exception cref="KeyMaterialException">A key file or the database is unusable or readable by others.</exception>
    public static void Check(IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
        var http = configuration.GetSection(HttpHostOptions.SectionName).Get<HttpHostOptions>() ?? new HttpHostOptions();
        if (cluster.Validate().Concat(http.Validate()).ToList() is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(ClusterHostingOptions.SectionName, typeof(ClusterHostingOptions), failures);
        }

        var siloAddress = string.Equals(cluster.Provider, ClusterHostingOptions.Localhost, StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Any;
        ThrowIfTaken("Cluster:SiloPort", siloAddress, cluster.SiloPort);
        ThrowIfTaken("Cluster:GatewayPort", IPAddress.Parse(cluster.GatewayListenAddress), cluster.GatewayPort);
        if (http.Port != 0 && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            ThrowIfTaken("Http:Port", http.ListenIPAddress ?? IPAddress.Loopback, http.Port);
        }

        var storage = configuration.GetSection(StorageHostingOptions.SectionName).Get<StorageHostingOptions>() ?? new StorageHostingOptions();
        if (string.Equals(storage.Provider, StorageHostingOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = configuration.GetSection(SqliteGrainStorageOptions.SectionName).Get<SqliteGrainStorageOptions>() ?? new SqliteGrainStorageOptions();
            PrivateFiles.ThrowIfReadableByOthers(sqlite.DatabasePath, "The SQLite database");

            // Held for the life of the process; the storage provider takes the same lock when it starts.
            _ = DatabaseFileLock.Acquire(sqlite.DatabasePath);
        }

        var oauth = PresenceCluster.Hosting.OAuthSiloBuilderExtensions.Read(configuration);
        if (oauth.CertificatePath.Length > 0)
        {
            TokenIssuerCertificateLoader.Load(oauth.CertificatePath, oauth.CertificatePassword).Dispose();
        }
        else
        {
            PrivateFiles.ThrowIfReadableByOthers(Path.Combine(oauth.DataDirectory, TokenIssuerCertificateLoader.GeneratedFileName), "The token-issuer certificate file");
        }
    }

    private static void ThrowIfTaken(string setting, IPAddress address, int port)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new PortInUseException(
                $"{setting} {port} on {address} is already in use (another silo, or another program, listens there). Stop it, or give this silo another {setting}.",
                exception);
        }
    }
}
