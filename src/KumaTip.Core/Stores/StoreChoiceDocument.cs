using System;

namespace KumaTip.Core.Stores
{
    /// <summary>The user's store choice as saved in the local data file (one document); the password is encrypted.</summary>
    public sealed class StoreChoiceDocument
    {
        /// <summary>Always <see cref="StoreChoiceStore.DocumentId"/>: the choice is per user, not per tenant.</summary>
        public string Id { get; set; } = StoreChoiceStore.DocumentId;

        /// <summary><see cref="StoreKind"/> by name.</summary>
        public string Kind { get; set; } = nameof(StoreKind.LiteDb);

        /// <summary>The PostgreSQL connection string without its password; null for LiteDB.</summary>
        public string? ConnectionString { get; set; }

        /// <summary>The password, encrypted like secrets; null when none was given (Npgsql then looks in PGPASSWORD and pgpass).</summary>
        public byte[]? Password { get; set; }

        public DateTime Modified { get; set; }
    }
}
