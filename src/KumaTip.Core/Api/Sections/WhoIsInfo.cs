using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>What domain and IP WHOIS share.</summary>
    public abstract class WhoIsInfo
    {
        public List<WhoIsContact>? Contacts { get; set; }
    }
}
