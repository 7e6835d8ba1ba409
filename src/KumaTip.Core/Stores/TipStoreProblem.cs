namespace KumaTip.Core.Stores
{
    /// <summary>Why the store cannot be chosen or used.</summary>
    public enum TipStoreProblem
    {
        /// <summary>The connection string is not one Npgsql can use (or lacks the server).</summary>
        InvalidConnectionString,

        /// <summary>The server refused the user: wrong or missing password, or no pg_hba.conf entry.</summary>
        AuthenticationFailed,

        /// <summary>The server has no such database.</summary>
        DatabaseMissing,

        /// <summary>The server could not be reached (name, port, firewall, down), also after retries.</summary>
        Unreachable,

        /// <summary>The user lacks a privilege the operation needs (CREATEROLE, the schema's ownership, kumatip_user).</summary>
        PermissionDenied,

        /// <summary>The database's schema is newer than this module knows: a newer module is needed.</summary>
        SchemaNewer,

        /// <summary>The team store has no schema yet: Initialize-TipStore creates it.</summary>
        SchemaMissing,

        /// <summary>A tenant-role or tenant name was refused.</summary>
        InvalidArgument,

        /// <summary>The store is the local LiteDB file, so there is nothing to do on a server.</summary>
        NotPostgreSql,

        /// <summary>The saved password cannot be decrypted (another user's or machine's key, or a replaced key file).</summary>
        SavedPasswordUnreadable,

        /// <summary>Anything else the server reported.</summary>
        Failed,
    }
}
