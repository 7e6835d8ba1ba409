namespace KumaTip.Core.Stores.Copy
{
    /// <summary>Where a copy is: the tenant, the part of it (Tasks, Results, Ledger, Licence) and how many rows of that part are done of how many.</summary>
    public sealed class StoreCopyProgress
    {
        public StoreCopyProgress(string tenant, string stage, int done, int total)
        {
            Tenant = tenant;
            Stage = stage;
            Done = done;
            Total = total;
        }

        public string Tenant { get; }

        public string Stage { get; }

        public int Done { get; }

        public int Total { get; }
    }
}
