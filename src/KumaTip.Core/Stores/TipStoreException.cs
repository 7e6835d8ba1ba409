using System;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// The store cannot be chosen or used. The message names the server (and database and user) and says what to do;
    /// it never holds a password, nor a connection string as typed (which may hold one).
    /// </summary>
    public sealed class TipStoreException : Exception
    {
        public TipStoreException(TipStoreProblem problem, string message, string? server = null, Exception? inner = null)
            : base(message, inner)
        {
            Problem = problem;
            Server = server;
        }

        public TipStoreProblem Problem { get; }

        /// <summary>host:port of the server concerned, when there is one.</summary>
        public string? Server { get; }

        /// <summary>Whether trying again later may help (the server was unreachable); a schema mismatch never is.</summary>
        public bool IsTransient => Problem == TipStoreProblem.Unreachable;
    }
}
