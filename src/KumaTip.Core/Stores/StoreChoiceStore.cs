using System;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores.Postgres;
using LiteDB;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// The store choice saved by Set-TipStore in the user's own data file (collection <c>store</c>), like the settings:
    /// per user, not per tenant, and never shared. The password is encrypted with the data directory's key.
    /// </summary>
    public sealed class StoreChoiceStore
    {
        public const string Collection = "store";
        public const string DocumentId = "store";

        private readonly ILiteCollection<StoreChoiceDocument> _documents;
        private readonly SecretProtector _protector;
        private readonly TimeProvider _time;

        public StoreChoiceStore(TipDatabase database, SecretProtector protector, TimeProvider? time = null)
        {
            _documents = database.Db.GetCollection<StoreChoiceDocument>(Collection);
            _protector = protector;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>Opens the choice saved in <paramref name="workspace"/>'s data file.</summary>
        public StoreChoiceStore(TipWorkspace workspace)
            : this(workspace.Database, workspace.Protector, workspace.Time)
        {
        }

        /// <summary>The saved choice; the default (LiteDB) when nothing was saved.</summary>
        /// <exception cref="TipStoreException">The saved password cannot be decrypted (<see cref="TipStoreProblem.SavedPasswordUnreadable"/>).</exception>
        public StoreChoice Get()
        {
            var d = _documents.FindById(DocumentId);
            if (d == null) return StoreChoice.LiteDb(StoreSource.Default);
            if (!string.Equals(d.Kind, nameof(StoreKind.PostgreSql), StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(d.ConnectionString))
            {
                return StoreChoice.LiteDb(StoreSource.Saved);
            }
            var connection = PostgresConnectionString.FromStored(d.ConnectionString!, null);
            string? password;
            try
            {
                password = d.Password == null ? null : _protector.UnprotectString(d.Password);
            }
            catch (TipSecretException ex)
            {
                // Every command opens the store: say which store and how to repair it, not only that a secret failed.
                throw new TipStoreException(TipStoreProblem.SavedPasswordUnreadable,
                    "The saved password of the team store " + connection.Describe() + " cannot be decrypted: " + FirstSentence(ex.Message) +
                    ". Save it again with Set-TipStore -PostgreSql -ConnectionString '" + connection.WithoutPassword + "' -Credential (Get-Credential), or go back to the local file with Set-TipStore -LiteDb.",
                    connection.Server, ex);
            }
            return StoreChoice.PostgreSql(StoreSource.Saved, connection.WithCredential(null, password));
        }

        // The secret store's own advice (Set-TipSecret) does not apply here: keep only what went wrong.
        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end < 0 ? message : message.Substring(0, end)).TrimEnd('.');
        }

        /// <summary>Goes back to the local LiteDB file; a saved PostgreSQL password is forgotten.</summary>
        public StoreChoice SetLiteDb() => Save(StoreChoice.LiteDb(StoreSource.Saved));

        /// <summary>
        /// Saves a PostgreSQL team store. A password inside <paramref name="connectionString"/> is taken out of it and stored
        /// encrypted; <paramref name="user"/> (a credential's user) overrides Username and <paramref name="password"/> any
        /// password in the string.
        /// </summary>
        /// <exception cref="TipStoreException">The connection string is refused (<see cref="TipStoreProblem.InvalidConnectionString"/>); nothing is saved.</exception>
        public StoreChoice SetPostgreSql(string connectionString, string? user = null, string? password = null)
            => Save(PostgreSql(connectionString, user, password, StoreSource.Saved));

        /// <summary>
        /// A PostgreSQL store from a connection string and an optional credential, checked but not saved (see
        /// <see cref="SetPostgreSql"/> for the rules).
        /// </summary>
        /// <exception cref="TipStoreException">The connection string is refused (<see cref="TipStoreProblem.InvalidConnectionString"/>).</exception>
        public static StoreChoice PostgreSql(string connectionString, string? user, string? password, StoreSource source)
            => StoreChoice.PostgreSql(source, PostgresConnectionString.Parse(connectionString, "-ConnectionString").WithCredential(user, password));

        /// <summary>Saves <paramref name="choice"/> as this user's store; returns it as saved.</summary>
        public StoreChoice Save(StoreChoice choice)
        {
            var postgres = choice.Postgres;
            _documents.Upsert(new StoreChoiceDocument
            {
                Kind = choice.Kind.ToString(),
                ConnectionString = postgres?.WithoutPassword,
                Password = postgres?.Password == null ? null : _protector.ProtectString(postgres.Password),
                Modified = _time.GetUtcNow().UtcDateTime,
            });
            return postgres == null ? StoreChoice.LiteDb(StoreSource.Saved) : StoreChoice.PostgreSql(StoreSource.Saved, postgres);
        }
    }
}
