using System;
using KumaTip.Core.Output;

namespace KumaTip.Core.Stores.Copy
{
    /// <summary>
    /// What Copy-TipStore did: counts of what was copied from the local data file into the team store, and of what was
    /// there already. Flat properties, so Format-Table, Export-Csv and ConvertTo-Json show it as it is.
    /// </summary>
    public sealed class TipStoreCopySummary
    {
        /// <summary>Where from: the local data directory.</summary>
        public string Source { get; set; } = "";

        /// <summary>Where to: the team store (server, database, user; never a password).</summary>
        public string Target { get; set; } = "";

        /// <summary>The tenants copied (without the refused ones).</summary>
        public TipList<string> Tenants { get; set; } = TipList<string>.Empty;

        /// <summary>The tenants the team store's role may not write (each also reported as an error); nothing of them was copied.</summary>
        public TipList<string> FailedTenants { get; set; } = TipList<string>.Empty;

        /// <summary>Cached answers written to the team store, with their bodies: new ones, and those newer than the team's.</summary>
        public int ResultsCopied { get; set; }

        /// <summary>Cached answers not copied because the team store holds a newer answer for the same indicator.</summary>
        public int ResultsSkippedAsOlder { get; set; }

        /// <summary>Cached answers the team store already held (the same answer: copied before, or bought by the team at the same moment).</summary>
        public int ResultsAlreadyPresent { get; set; }

        /// <summary>Tasks copied (they get new ids in the team store).</summary>
        public int TasksCopied { get; set; }

        /// <summary>Tasks a previous copy of this data file had copied already.</summary>
        public int TasksAlreadyCopied { get; set; }

        /// <summary>Task items copied with their tasks.</summary>
        public int ItemsCopied { get; set; }

        /// <summary>Ledger rows (requests spent) added to the team's ledger: they count in the team's quota for their day.</summary>
        public int LedgerRowsCopied { get; set; }

        /// <summary>Ledger rows a previous copy had added already (never counted twice).</summary>
        public int LedgerRowsAlreadyCopied { get; set; }

        /// <summary>Licence snapshots copied because they were newer than the team store's.</summary>
        public int LicensesCopied { get; set; }

        /// <summary>How long the copy took.</summary>
        public TimeSpan Duration { get; set; }

        public override string ToString()
            => "Copied " + ResultsCopied + " results, " + TasksCopied + " tasks, " + LedgerRowsCopied + " ledger rows to the " + Target;
    }
}
