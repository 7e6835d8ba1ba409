using System;
using System.Collections.Generic;

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
    }
}
