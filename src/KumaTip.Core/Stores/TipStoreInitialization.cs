using System.Collections.Generic;

namespace KumaTip.Core.Stores
{
    /// <summary>What Initialize-TipStore did: the store afterwards and the schema versions it applied (none when current).</summary>
    public sealed class TipStoreInitialization
    {
        public TipStoreInitialization(TipStore store, IReadOnlyList<int> applied)
        {
            Store = store;
            Applied = applied;
        }

        public TipStore Store { get; }

        public IReadOnlyList<int> Applied { get; }
    }
}
