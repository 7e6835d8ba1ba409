using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Stores.LiteDb
{
    /// <summary>
    /// What Copy-TipStore reads from the user's local data file: its tenants, each tenant's cached answers (with bodies,
    /// in pages), tasks, items, ledger rows and licence snapshot, and the file's copy id.
    /// </summary>
    internal sealed class LocalCopySource
    {
        /// <summary>The counter document holding the file's copy id.</summary>
        internal const string CopyIdCounter = "copy-origin";

        private readonly LiteDbLookupStore _store;

        public LocalCopySource(LiteDbLookupStore store) => _store = store;

        public string Location => _store.Location;

        /// <summary>
        /// A GUID that names this data file in the team store (the origin of the tasks and ledger rows copied from it); made
        /// and kept in the file on the first copy. Not host + path: a moved file keeps it, and a new file made after a repair
        /// (whose task ids start again at 1) gets another.
        /// </summary>
        public string CopyId()
        {
            var database = _store.Database;
            return database.InTransaction(() =>
            {
                var counters = database.Db.GetCollection(TipDatabase.Counters);
                var existing = counters.FindById(CopyIdCounter);
                if (existing != null && existing["Value"].IsString) return existing["Value"].AsString;
                var id = Guid.NewGuid().ToString("N");
                counters.Upsert(new BsonDocument { ["_id"] = CopyIdCounter, ["Value"] = id });
                return id;
            });
        }

        /// <summary>Every tenant the file holds anything of, in name order.</summary>
        public IReadOnlyList<string> Tenants()
        {
            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            names.UnionWith(_store.Cache.TenantNames());
            names.UnionWith(_store.Tasks.List().Select(t => t.Tenant));
            names.UnionWith(_store.Database.Db.GetCollection<LedgerEntry>(TipDatabase.Ledger).FindAll().Select(e => e.Tenant));
            names.UnionWith(_store.Database.Db.GetCollection<LicenseDocument>(TipDatabase.Licenses).FindAll().Select(l => l.Tenant));
            return names.ToList();
        }

        public int ResultCount(string tenant) => _store.Cache.CountOf(tenant);

        public IEnumerable<List<(TipLookupResult Result, string? Body)>> Results(string tenant, int pageSize) => _store.Cache.PagesWithBodies(tenant, pageSize);

        /// <summary>The tenant's tasks, oldest first (so they keep their order in the team store).</summary>
        public IReadOnlyList<TipTask> Tasks(string tenant)
        {
            var key = Storage.Tenants.Key(tenant);
            return _store.Tasks.List().Where(t => Storage.Tenants.Key(t.Tenant) == key).OrderBy(t => t.Id).ToList();
        }

        public IReadOnlyList<TaskItem> Items(int taskId) => _store.Tasks.ItemsOf(taskId);

        public IReadOnlyList<LedgerEntry> Ledger(string tenant) => _store.Ledger.List(tenant);

        public LicenseSnapshot? License(string tenant) => _store.Licenses.GetLast(tenant);
    }
}
