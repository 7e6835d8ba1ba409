using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// A PostgreSQL connection string checked by Npgsql's own builder, with its password held apart: the text without
    /// it can be stored and shown, the password is stored encrypted and only joined back for Npgsql. Errors name the
    /// setting that is wrong and never echo a password, nor a fragment that could be part of one.
    /// </summary>
    internal sealed class PostgresConnectionString
    {
        public const int DefaultPort = 5432;

        private static readonly string[] PasswordKeys = { "password", "pwd", "psw" };

        private readonly NpgsqlConnectionStringBuilder _withoutPassword;

        private PostgresConnectionString(NpgsqlConnectionStringBuilder withoutPassword, string? password)
        {
            _withoutPassword = withoutPassword;
            Password = password;
        }

        /// <summary>The server name(s) as given (Host).</summary>
        public string Host => _withoutPassword.Host ?? string.Empty;

        public int Port => _withoutPassword.Port;

        /// <summary>The database; null when not given (the server then takes the user's name).</summary>
        public string? Database => string.IsNullOrEmpty(_withoutPassword.Database) ? null : _withoutPassword.Database;

        /// <summary>The user; null when not given (the operating-system user, as libpq does).</summary>
        public string? User => string.IsNullOrEmpty(_withoutPassword.Username) ? null : _withoutPassword.Username;

        /// <summary>The password from the string or a credential; null when Npgsql is to find one (PGPASSWORD, pgpass).</summary>
        public string? Password { get; }

        /// <summary>host:port, for messages.</summary>
        public string Server => Host + ":" + Port;

        /// <summary>The connection string without any password (a client key's password is refused by <see cref="Parse"/>): safe to store in the clear.</summary>
        public string WithoutPassword => _withoutPassword.ConnectionString;

        /// <summary>The connection string for Npgsql, password included. Internal only: never shown, logged or put in an error.</summary>
        public string ForNpgsql
        {
            get
            {
                if (Password == null) return _withoutPassword.ConnectionString;
                var full = new NpgsqlConnectionStringBuilder(_withoutPassword.ConnectionString) { Password = Password };
                return full.ConnectionString;
            }
        }

        /// <summary>user@host:port/database, with the defaults spelled out; no password.</summary>
        public string Describe() => (User ?? "(operating-system user)") + "@" + Server + "/" + (Database ?? "(user's database)");

        public override string ToString() => Describe();

        /// <summary>
        /// Checks <paramref name="text"/> with Npgsql and takes any password out of it. <paramref name="origin"/> names where
        /// the text came from in messages ("-ConnectionString", "KUMATIP_STORE").
        /// </summary>
        /// <exception cref="TipStoreException">The text is empty, not keyword=value pairs, names an unknown setting or a value Npgsql refuses, or no Host.</exception>
        public static PostgresConnectionString Parse(string? text, string origin)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw Invalid(origin + " is empty. Give a PostgreSQL connection string, e.g. 'Host=db.corp;Database=kumatip;Username=soc_analyst'.");
            }

            var raw = new DbConnectionStringBuilder();
            try
            {
                raw.ConnectionString = text;
            }
            catch (ArgumentException)
            {
                // The framework's message quotes the text from the failing position: it may be a password.
                throw Invalid("The connection string given as " + origin + " is not a list of keyword=value settings separated by ';' " +
                              "(not shown: it may hold a password). Enclose a value holding ';', '=' or quotes in double quotes, " +
                              "e.g. Password=\"a;b\", or leave the password out and give it with -Credential.");
            }

            // A client key's password would be stored and shown with the rest: refused, without echoing it.
            if (raw.Keys.Cast<string>().Any(IsKeyPasswordKey))
            {
                throw Invalid("The connection string given as " + origin + " holds 'SSL Password' (the client key's password; not shown). KumaTip keeps only the " +
                              "login password encrypted, so it does not take a key password: use a client key without one, readable only by you, or log in with a password.");
            }
            var hasPassword = raw.Keys.Cast<string>().Any(IsPasswordKey);
            var builder = new NpgsqlConnectionStringBuilder();
            foreach (string key in raw.Keys)
            {
                var value = raw[key];
                try
                {
                    builder[key] = value;
                }
                catch (Exception ex) when (IsUnknownKeyword(ex))
                {
                    throw Invalid(hasPassword
                        ? "The connection string given as " + origin + " has a setting Npgsql does not know (not shown: next to a Password it may be part of it). " +
                          "Enclose a password holding ';' in double quotes, or leave it out and give it with -Credential; and check the keywords (Host, Port, Database, Username, SSL Mode…)."
                        : "The connection string given as " + origin + " has the setting '" + Shorten(key) + "', which Npgsql does not know. " +
                          "Use Npgsql's keywords: Host, Port, Database, Username, SSL Mode, Timeout… (see https://www.npgsql.org/doc/connection-string-parameters.html).");
                }
                catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is InvalidCastException || ex is OverflowException)
                {
                    throw Invalid(IsPasswordKey(key)
                        ? "The password in the connection string given as " + origin + " cannot be used (not shown). Give it with -Credential instead."
                        : "The connection string given as " + origin + " sets '" + Shorten(key) + "' to '" + Shorten(Convert.ToString(value) ?? "") +
                          "', which Npgsql refuses for that setting. Check the value (e.g. Port is a number, SSL Mode one of Disable, Prefer, Require, VerifyCA, VerifyFull).");
                }
            }

            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw Invalid("The connection string given as " + origin + " names no server. Add Host=<server name or address>, e.g. 'Host=db.corp;Database=kumatip;Username=soc_analyst'.");
            }

            var password = string.IsNullOrEmpty(builder.Password) ? null : builder.Password;
            builder.Password = null;
            return new PostgresConnectionString(builder, password);
        }

        /// <summary>
        /// The same settings with a credential's user (when given, it overrides Username) and password (when given, it
        /// overrides one in the string).
        /// </summary>
        public PostgresConnectionString WithCredential(string? user, string? password)
        {
            var builder = new NpgsqlConnectionStringBuilder(_withoutPassword.ConnectionString);
            if (!string.IsNullOrEmpty(user)) builder.Username = user;
            return new PostgresConnectionString(builder, string.IsNullOrEmpty(password) ? Password : password);
        }

        /// <summary>Reads back a string stored by <see cref="WithoutPassword"/>, joined with its (decrypted) password.</summary>
        public static PostgresConnectionString FromStored(string withoutPassword, string? password)
            => new PostgresConnectionString(new NpgsqlConnectionStringBuilder(withoutPassword), string.IsNullOrEmpty(password) ? null : password);

        private static bool IsPasswordKey(string key) => PasswordKeys.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase) || IsKeyPasswordKey(key);

        private static bool IsKeyPasswordKey(string key) => string.Equals(key.Replace(" ", "").Trim(), "sslpassword", StringComparison.OrdinalIgnoreCase);

        private static bool IsUnknownKeyword(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is KeyNotFoundException) return true;
                if (e is ArgumentException && e.Message.IndexOf("not supported", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            }
            return false;
        }

        private static string Shorten(string value)
        {
            var printable = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return printable.Length > 40 ? printable.Substring(0, 40) + "…" : printable;
        }

        private static TipStoreException Invalid(string message) => new TipStoreException(TipStoreProblem.InvalidConnectionString, message);
    }
}
