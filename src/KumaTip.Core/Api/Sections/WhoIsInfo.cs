using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>What domain and IP WHOIS share.</summary>
    public abstract class WhoIsInfo
    {
        public List<WhoIsContact>? Contacts { get; set; }

        /// <summary>The WHOIS record in one line (what the type holds, then the contacts), for a CSV cell or a JSON value past -Depth.</summary>
        public override string ToString() => OutputText.Join("; ", Summary());

        /// <summary>The parts of <see cref="ToString"/>; the contacts come last.</summary>
        protected virtual IEnumerable<string?> Summary()
        {
            if (Contacts == null) yield break;
            foreach (var contact in Contacts) yield return contact.ToString();
        }
    }
}
