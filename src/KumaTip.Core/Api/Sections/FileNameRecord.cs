using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A name the file was seen under.</summary>
    public sealed class FileNameRecord
    {
        public string? FileName { get; set; }

        public long? FileNamesHitsCount { get; set; }

        public override string ToString() => FileName ?? "";
    }
}
