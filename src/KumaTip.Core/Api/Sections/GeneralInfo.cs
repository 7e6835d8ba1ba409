using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>What every type's general-info section shares; the per-type sections derive from it.</summary>
    public abstract class GeneralInfo
    {
        public long? HitsCount { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public List<string>? Categories { get; set; }

        public List<CategoryWithZone>? CategoriesWithZone { get; set; }

        public bool? HasApt { get; set; }

        public List<AptReport>? RelatedAptReports { get; set; }

        /// <summary>
        /// The section in one line (categories with their zones, hits, first seen, then what the type adds), for a
        /// CSV cell or a JSON value past -Depth.
        /// </summary>
        public override string ToString() => OutputText.Join("; ", Summary());

        /// <summary>The parts of <see cref="ToString"/>; the per-type sections add theirs after these.</summary>
        protected virtual IEnumerable<string?> Summary()
        {
            yield return CategoriesWithZone != null && CategoriesWithZone.Count > 0
                ? OutputText.Join(", ", CategoriesWithZone.Select(c => c.ToString()))
                : Categories == null ? null : OutputText.Join(", ", Categories);
            yield return OutputText.Labeled("hits", OutputText.Number(HitsCount));
            yield return OutputText.Labeled("first seen", OutputText.Date(FirstSeen));
            if (HasApt == true) yield return OutputText.Labeled("APT", RelatedAptReports == null ? "yes" : OutputText.Join(", ", RelatedAptReports.Select(r => r.ToString())));
        }
    }
}
