namespace AutoDrive.Infrastructure.Postgres;

/// <summary>Where the PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>) are.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    private const string InstallHint = "Install the PostgreSQL server (Debian/Ubuntu: sudo apt-get install -y postgresql) "
        + "or set AutoDrive:EmbeddedPostgres:BinDirectory to the directory that holds initdb, pg_ctl and postgres.";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public string Postgres => Path.Combine(Directory, "postgres");

    /// <summary>
    /// The configured directory; else the highest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian's layout);
    /// else the directory of <c>initdb</c> on PATH.
    /// </summary>
    public static PostgresBinaries Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var directory = Path.GetFullPath(configured);
            var missing = Programs.Where(p => !File.Exists(Path.Combine(directory, p))).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL server programs {string.Join(", ", missing)} are missing from the configured BinDirectory \"{directory}\". {InstallHint}");
            }

            return new PostgresBinaries(directory);
        }

        var found = DebianBinDirectories().Concat(PathDirectories()).FirstOrDefault(HasAllPrograms);
        return found is not null
            ? new PostgresBinaries(found)
            : throw new InvalidOperationException(
                $"PostgreSQL server programs (initdb, pg_ctl, postgres) were found neither under /usr/lib/postgresql/*/bin nor on PATH. {InstallHint}");
    }

    private static IEnumerable<string> DebianBinDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(root)
            .Select(d => (Path: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
            .Where(d => d.Version is not null)
            .OrderByDescending(d => d.Version)
            .Select(d => d.Path);
    }

    private static Version? ParseVersion(string name)
    {
        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major))
        {
            return new Version(major, 0);
        }

        return Version.TryParse(name, out var version) ? version : null;
    }

    private static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(Path.IsPathFullyQualified);

    private static bool HasAllPrograms(string directory) =>
        Programs.All(p => File.Exists(Path.Combine(directory, p)));
}
