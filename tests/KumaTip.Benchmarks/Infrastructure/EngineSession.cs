using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// A PowerShell 7.6 engine with the staged module imported and its own data directory: one user's session.
/// KUMATIP_HOME is process-wide, so it is set before every script (sessions run one at a time).
/// </summary>
public sealed class EngineSession : IDisposable
{
    public const string HomeVariable = "KUMATIP_HOME";

    private readonly Runspace _runspace;

    public EngineSession(string home)
    {
        Home = home;
        Directory.CreateDirectory(home);
        Environment.SetEnvironmentVariable(HomeVariable, home);
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        RunStrict("Import-Module -Name $args[0] -ErrorAction Stop", RepositoryPaths.StagedModule);
    }

    public string Home { get; }

    /// <summary>Runs a script; <paramref name="args"/> arrive as <c>$args</c>. Throws on a terminating error only.</summary>
    public EngineRun Run(string script, params object?[] args) => Invoke(script, args, null);

    /// <summary>Runs a script with a param block and named parameters.</summary>
    public EngineRun RunWith(string script, IDictionary<string, object?> parameters) => Invoke(script, Array.Empty<object?>(), parameters);

    /// <summary>Runs a script and throws when it wrote any error.</summary>
    public EngineRun RunStrict(string script, params object?[] args)
    {
        var run = Run(script, args);
        if (run.Errors.Count > 0) throw new BenchmarkException($"'{Shorten(script)}' wrote {run.Errors.Count} errors: {run.DescribeErrors()}");
        return run;
    }

    /// <summary>Stores the simulator's account as a secret and points the connection at the simulator.</summary>
    public void Configure(SimulatorConnection connection, int throttleLimit)
    {
        var run = RunWith("""
            param($Url, $Ca, $Pfx, $User, $Password, $PfxPassword, $Throttle)
            $ErrorActionPreference = 'Stop'
            function Secure([string] $Text) { [System.Net.NetworkCredential]::new('', $Text).SecurePassword }
            $credential = [pscredential]::new($User, (Secure $Password))
            $null = New-TipSecret -Name bench -Credential $credential -CertificatePath $Pfx -CertificatePassword (Secure $PfxPassword)
            Set-TipSettings -Secret bench -Endpoint $Url -TrustedCaPath $Ca -ThrottleLimit $Throttle
            """, new Dictionary<string, object?>
        {
            ["Url"] = connection.BaseUrl,
            ["Ca"] = connection.CaPemPath,
            ["Pfx"] = connection.ClientPfxPath,
            ["User"] = connection.User,
            ["Password"] = connection.Password,
            ["PfxPassword"] = connection.PfxPassword,
            ["Throttle"] = throttleLimit,
        });
        if (run.Errors.Count > 0) throw new BenchmarkException("Configuring the connection failed: " + run.DescribeErrors());
    }

    private EngineRun Invoke(string script, object?[] args, IDictionary<string, object?>? parameters)
    {
        Environment.SetEnvironmentVariable(HomeVariable, Home);
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        if (parameters != null)
        {
            foreach (var p in parameters) ps.AddParameter(p.Key, p.Value);
        }
        foreach (var a in args) ps.AddArgument(a);
        try
        {
            var output = ps.Invoke();
            return new EngineRun(output, ps.Streams.Error.ToList());
        }
        catch (RuntimeException ex)
        {
            throw new BenchmarkException($"'{Shorten(script)}' failed: {ex.Message}");
        }
    }

    private static string Shorten(string script)
    {
        var line = script.Trim().Split('\n')[0].Trim();
        return line.Length > 80 ? line[..80] + "…" : line;
    }

    public void Dispose() => _runspace.Dispose();
}
