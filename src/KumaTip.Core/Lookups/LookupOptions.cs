using System;
using System.Collections.Generic;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>What one lookup batch asks for: the sections, the records per section, how old a cached answer may be.</summary>
    public sealed class LookupOptions
    {
        public string Tenant { get; set; } = "Main";

        /// <summary>The tenant's service: its answers are cached apart, and OpenTIP takes no sections or record count.</summary>
        public KumaTip.Core.Api.PortalService Service { get; set; } = KumaTip.Core.Api.PortalService.Tip;

        /// <summary>Wire section names the user chose; empty = each type's full set.</summary>
        public IReadOnlyList<string> Sections { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Per-type choice that overrides <see cref="Sections"/> for the types it names (empty = that type's full set):
        /// Update-TipLookup keeps what each type's results were fetched with.
        /// </summary>
        public IReadOnlyDictionary<TipIndicatorType, IReadOnlyList<string>>? SectionsByType { get; set; }

        /// <summary>The section names chosen for <paramref name="type"/>: its own in <see cref="SectionsByType"/>, else <see cref="Sections"/>.</summary>
        public IReadOnlyList<string> SectionNamesFor(TipIndicatorType type)
            => SectionsByType != null && SectionsByType.TryGetValue(type, out var names) ? names : Sections;

        /// <summary>The <c>count</c> sent to the portal (records per section); null = omitted (the portal's 1000).</summary>
        public int? MaxRecords { get; set; } = 10;

        /// <summary>At most this many requests in this run (-MaxRequests); the rest stays pending in the task. Null = no cap.</summary>
        public int? MaxRequests { get; set; }

        /// <summary>Keep Verbose/Debug lines for the caller (LookupSession.TryTakeMessage): set when -Verbose or -Debug is on.</summary>
        public bool Diagnostics { get; set; }

        /// <summary>Oldest cached answer accepted for this batch; null = <see cref="CacheTtl"/>.</summary>
        public TimeSpan? MaxAge { get; set; }

        /// <summary>The tenant's cache lifetime; null = cached answers never expire.</summary>
        public TimeSpan? CacheTtl { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Ignore the cache: request every unique indicator.</summary>
        public bool Force { get; set; }

        /// <summary>Requests in flight at once.</summary>
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Who the task is recorded as created by.</summary>
        public string CreatedBy { get; set; } = Environment.UserName;

        /// <summary>The tenant's endpoint, for the portal links of results; null = the service's default.</summary>
        public Uri? Portal { get; set; }

        /// <summary>
        /// Hand out stored fresh answers without their bodies too (Raw and Details load from the cache when read), not
        /// only to later duplicates: for -PassThru, which writes flat columns and drops the answer at once.
        /// </summary>
        public bool BodiesOnDemand { get; set; }

        /// <summary>The age limit that applies: -MaxAge when given, else the cache TTL (null = no limit).</summary>
        public TimeSpan? EffectiveMaxAge => MaxAge ?? CacheTtl;
    }
}
