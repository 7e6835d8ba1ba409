using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A certificate of a file (FileCertificates, FileParentCertificates).</summary>
    public sealed class FileCertificate
    {
        public string? Vendor { get; set; }

        public string? Publisher { get; set; }

        public DateTimeOffset? TimeStamp { get; set; }

        public DateTimeOffset? Issued { get; set; }

        public DateTimeOffset? Expires { get; set; }

        public string? SerialNumber { get; set; }

        public override string ToString() => OutputText.Join(", ", Publisher, Vendor, OutputText.Labeled("expires", OutputText.Date(Expires)));
    }
}
