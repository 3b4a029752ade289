using Microsoft.Extensions.Logging.Abstractions;
using PresenceCluster.Auth;
using PresenceCluster.Silo.Storage;

namespace PresenceCluster.ClusterTests.Storage;

/// <summary>
/// The SQLite database holds the OAuth registry, the token-issuer private key included: it is created for the silo's
/// user only, and a database other users can read stops the silo with the command that fixes it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests : IDisposable
{
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("presence-modes-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task NewDatabase_IsCreatedForItsOwnerOnly_InAnOwnerOnlyDirectory()
    {
        var options = new SqliteGrainStorageOptions { DataDirectory = Path.Combine(_root, "data") };

        await Storage(options).InitializeAsync(CancellationToken.None);

        Assert.Equal(PrivateFiles.OwnerOnlyDirectoryMode, File.GetUnixFileMode(options.DataDirectory));
        var files = Directory.GetFiles(options.DataDirectory);
        Assert.Contains(options.DatabasePath, files);
        Assert.All(files, file => Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(file) & GroupOrOthers));
    }

    [Fact]
    public async Task ExistingDatabase_ReadableByOthers_StopsTheStart_NamingTheFix()
    {
        var options = new SqliteGrainStorageOptions { DataDirectory = _root };
        await Storage(options).InitializeAsync(CancellationToken.None);
        File.SetUnixFileMode(options.DatabasePath, File.GetUnixFileMode(options.DatabasePath) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<KeyMaterialException>(() => Storage(options).InitializeAsync(CancellationToken.None));

        Assert.Equal(
            $"The SQLite database '{options.DatabasePath}' is readable by other users (mode 0644) and holds a private key; restrict it with: chmod 600 '{options.DatabasePath}'",
            error.Message);
    }

    private static SqliteGrainStorage Storage(SqliteGrainStorageOptions options) =>
        new("test", "modes", options, NullLogger<SqliteGrainStorage>.Instance);
}
