namespace PresenceCluster.Auth;

/// <summary>
/// Files that hold private keys (the token-issuer certificate, a SQLite database holding the OAuth registry): created
/// readable by their owner only (0600) in a directory only the owner may enter (0700), and refused when other users
/// can read them. On Windows, where Unix modes do not exist, files keep the directory's access control list.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Owner read and write: the mode private files are created with.</summary>
    public const UnixFileMode OwnerOnlyFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner only: the mode a data directory is created with.</summary>
    public const UnixFileMode OwnerOnlyDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="directory"/> with mode 0700 when it does not exist yet; an existing one is left as it is.</summary>
    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectoryMode);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file <paramref name="path"/> created with mode 0600 (fails if it exists).</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFileMode;
        }

        using var stream = new FileStream(path, options);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Throws when other users may read <paramref name="path"/>, naming the file, its mode and the command that fixes it.
    /// </summary>
    /// <exception cref="KeyMaterialException">The file is readable by others.</exception>
    public static void ThrowIfReadableByOthers(string path, string what)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.OtherRead) != 0)
        {
            throw new KeyMaterialException(
                $"{what} '{path}' is readable by other users (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}) and holds a private key; "
                + $"restrict it with: chmod 600 '{path}'");
        }
    }
}
