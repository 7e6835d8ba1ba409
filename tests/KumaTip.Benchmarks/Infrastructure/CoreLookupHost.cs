using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores;
using KumaTip.Core.Stores.Postgres;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// One user's lookups through KumaTip.Core directly, as LookupEnvironment wires them for a cmdlet: a data directory
/// (secret and settings, configured beforehand), its lookup store — the LiteDB file, or the team store on PostgreSQL —
/// a real TipClient to the simulator, and the shared ledger. No cmdlet chooses the team store yet, so the team
/// scenarios build the service themselves, the way tests/KumaTip.Core.Tests/Postgres/TeamStoreLookupTests do.
/// </summary>
public sealed class CoreLookupHost : IDisposable
{
    private readonly object _resolveGate = new();

    /// <param name="home">A data directory with the simulator's secret and settings (see <see cref="EngineSession.Configure"/>).</param>
    /// <param name="teamStore">A connection string to the team store; null = the data directory's LiteDB file.</param>
    /// <param name="wrapStore">Wraps the store the workspace opens (to count its cache reads); null = as opened.</param>
    public CoreLookupHost(string home, string? teamStore, Func<ILookupStore, ILookupStore>? wrapStore = null)
    {
        Func<TipWorkspace, ILookupStore>? open = null;
        if (teamStore != null) open = _ => Wrap(new PostgresLookupStore(teamStore), wrapStore);
        else if (wrapStore != null) throw new ArgumentException("Only the team store is wrapped here.", nameof(wrapStore));
        Workspace = new TipWorkspace(home, TimeProvider.System, StorageAccess.Write, null, open);
        Service = new LookupService(Workspace.Store, CreateClient, null, new WorkspaceLedger(Workspace), TimeProvider.System);
    }

    public TipWorkspace Workspace { get; }

    public LookupService Service { get; }

    /// <summary>Runs one batch to its end; every output in input order. The caller disposes the session.</summary>
    public (List<LookupOutput> Outputs, LookupSession Session) Run(IEnumerable<string> values, int throttleLimit, TimeSpan timeout)
    {
        var outputs = new List<LookupOutput>();
        var options = new LookupOptions { ThrottleLimit = throttleLimit, CreatedBy = Environment.UserName };
        var run = Service.RunAsync(values.Select(v => new LookupRequest(v, null)), options, outputs.Add);
        if (!run.Wait(timeout)) throw new BenchmarkException($"A lookup batch did not finish within {timeout.TotalSeconds:0} s.");
        return (outputs, run.Result);
    }

    private static ILookupStore Wrap(ILookupStore store, Func<ILookupStore, ILookupStore>? wrap) => wrap == null ? store : wrap(store);

    private ITipClient CreateClient(LookupOptions options)
    {
        TipConnectionOptions connection;
        // The settings live in the data directory's LiteDB file (shared mode: one thread at a time).
        lock (_resolveGate) connection = Workspace.Resolver.Resolve(options.Tenant);
        connection.ThrottleLimit = Math.Max(1, options.ThrottleLimit);
        return new TipClient(connection, TimeProvider.System);
    }

    public void Dispose() => Workspace.Dispose();
}
