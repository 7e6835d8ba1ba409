using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The migrations this module ships: every embedded resource Stores/Postgres/Migrations/NNNN_*.sql, in version order.
    /// A new schema change is a new file with the next number (never an edit of a shipped one).
    /// </summary>
    internal static class MigrationCatalog
    {
        public const string ResourcePrefix = "KumaTip.Core.Stores.Postgres.Migrations.";

        private static readonly Lazy<IReadOnlyList<Migration>> Shipped = new Lazy<IReadOnlyList<Migration>>(Load);

        public static IReadOnlyList<Migration> Module => Shipped.Value;

        /// <summary>The newest version this module knows.</summary>
        public static int LatestVersion => Module.Count == 0 ? 0 : Module[Module.Count - 1].Version;

        private static IReadOnlyList<Migration> Load()
        {
            var assembly = typeof(MigrationCatalog).Assembly;
            var migrations = new List<Migration>();
            foreach (var resource in assembly.GetManifestResourceNames())
            {
                if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) continue;
                var name = resource.Substring(ResourcePrefix.Length);
                var underscore = name.IndexOf('_');
                if (underscore <= 0 || !int.TryParse(name.Substring(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    throw new InvalidOperationException("The embedded migration '" + name + "' is not named NNNN_description.sql.");
                }
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                migrations.Add(new Migration(version, name, reader.ReadToEnd()));
            }
            var ordered = migrations.OrderBy(m => m.Version).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                // Versions are 1, 2, 3…: a gap or a duplicate is a packaging mistake, caught at the first use.
                if (ordered[i].Version != i + 1)
                {
                    throw new InvalidOperationException("The embedded migrations are not numbered 1, 2, 3… without gaps: " + string.Join(", ", ordered.Select(m => m.Name)));
                }
            }
            return ordered;
        }
    }
}
