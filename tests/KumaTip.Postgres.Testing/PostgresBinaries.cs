namespace KumaTip.Postgres.Testing;

/// <summary>
/// A folder holding PostgreSQL's server programs: initdb, pg_ctl (and the server they start), psql when it is there.
/// </summary>
/// <param name="BinDirectory">The folder, e.g. <c>/usr/lib/postgresql/15/bin</c>.</param>
public sealed record PostgresBinaries(string BinDirectory)
{
    /// <summary>The variable that names a bin folder to use instead of looking for one.</summary>
    public const string BinVariable = "KUMATIP_TEST_PG_BIN";

    /// <summary>Where Debian and Ubuntu install each major version: <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>.</summary>
    public const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>initdb in <see cref="BinDirectory"/>.</summary>
    public string Initdb => Program("initdb");

    /// <summary>pg_ctl in <see cref="BinDirectory"/>.</summary>
    public string PgCtl => Program("pg_ctl");

    /// <summary>psql from this folder, else the first on PATH, else plain <c>psql</c>.</summary>
    public string Psql => File.Exists(Program("psql")) ? Program("psql") : OnPath("psql", Environment.GetEnvironmentVariable("PATH")) ?? "psql";

    private string Program(string name) => Path.Combine(BinDirectory, OperatingSystem.IsWindows() ? name + ".exe" : name);

    /// <summary>
    /// The binaries of this machine: <see cref="BinVariable"/> when set, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c>, else the first PATH folder with both initdb and pg_ctl; null when none.
    /// </summary>
    public static PostgresBinaries? Find()
        => Find(Environment.GetEnvironmentVariable(BinVariable), Environment.GetEnvironmentVariable("PATH"), DebianRoot);

    /// <summary>The search of <see cref="Find()"/> over given inputs (for tests). A set but unusable
    /// <paramref name="binVariable"/> finds nothing: the user asked for that folder.</summary>
    public static PostgresBinaries? Find(string? binVariable, string? pathVariable, string debianRoot)
    {
        if (!string.IsNullOrWhiteSpace(binVariable))
        {
            return HasServerPrograms(binVariable) ? new PostgresBinaries(Path.GetFullPath(binVariable)) : null;
        }
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(folder => (Folder: folder, Version: MajorVersion(Path.GetFileName(folder))))
                .Where(candidate => candidate.Version != null)
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Folder, "bin"))
                .FirstOrDefault(HasServerPrograms);
            if (newest != null) return new PostgresBinaries(newest);
        }
        foreach (var folder in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasServerPrograms(folder)) return new PostgresBinaries(Path.GetFullPath(folder));
        }
        return null;
    }

    private static Version? MajorVersion(string name)
        => Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

    private static bool HasServerPrograms(string folder)
    {
        var binaries = new PostgresBinaries(folder);
        return File.Exists(binaries.Initdb) && File.Exists(binaries.PgCtl);
    }

    private static string? OnPath(string name, string? pathVariable)
        => (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
