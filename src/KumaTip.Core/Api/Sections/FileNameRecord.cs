using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A name the file was seen under.</summary>
    public sealed class FileNameRecord
    {
        public string? FileName { get; set; }

        public long? FileNamesHitsCount { get; set; }
    }
}
