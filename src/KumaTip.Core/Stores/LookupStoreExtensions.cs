using System;

namespace KumaTip.Core.Stores
{
    public static class LookupStoreExtensions
    {
        /// <inheritdoc cref="ILookupStore.InTransaction{T}(Func{T})"/>
        public static void InTransaction(this ILookupStore store, Action work) => store.InTransaction(() =>
        {
            work();
            return true;
        });
    }
}
