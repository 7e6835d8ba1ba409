using System.Collections.Generic;
using System.Linq;

namespace KumaTip.Core.Stores.Copy
{
    /// <summary>What the local data file holds for each tenant to copy: for -WhatIf, and the totals progress counts towards.</summary>
    public sealed class StoreCopyPlan
    {
        public StoreCopyPlan(IReadOnlyList<TenantCopyPlan> tenants) => Tenants = tenants;

        public IReadOnlyList<TenantCopyPlan> Tenants { get; }

        /// <summary>"Main: 120 results, 4 tasks (130 items), 98 ledger rows, a licence snapshot; Lab: …"</summary>
        public string Describe() => Tenants.Count == 0
            ? "nothing (the local data file holds no cached results, tasks or ledger rows)"
            : string.Join("; ", Tenants.Select(t => t.Describe()));
    }

    /// <summary>One tenant's rows in the local data file.</summary>
    public sealed class TenantCopyPlan
    {
        public TenantCopyPlan(string tenant, int results, int tasks, int items, int ledgerRows, bool hasLicense)
        {
            Tenant = tenant;
            Results = results;
            Tasks = tasks;
            Items = items;
            LedgerRows = ledgerRows;
            HasLicense = hasLicense;
        }

        public string Tenant { get; }

        public int Results { get; }

        public int Tasks { get; }

        public int Items { get; }

        public int LedgerRows { get; }

        public bool HasLicense { get; }

        public string Describe() => "tenant " + Tenant + ": " + Results + " cached results, " + Tasks + " tasks (" + Items + " items), " + LedgerRows + " ledger rows" +
                                    (HasLicense ? ", the licence snapshot if newer" : "");
    }
}
