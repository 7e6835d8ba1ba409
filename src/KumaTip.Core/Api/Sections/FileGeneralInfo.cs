using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>FileGeneralInfo of a hash lookup.</summary>
    public sealed class FileGeneralInfo : GeneralInfo
    {
        public string? Md5 { get; set; }

        public string? Sha1 { get; set; }

        public string? Sha256 { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public string? Signer { get; set; }

        public TipZone? SignerZone { get; set; }

        public string? SignerStatus { get; set; }

        public string? Packer { get; set; }

        public long? Size { get; set; }

        public string? Type { get; set; }
    }
}
