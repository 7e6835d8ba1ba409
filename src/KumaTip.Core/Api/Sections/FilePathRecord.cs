using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A path the file was seen at.</summary>
    public sealed class FilePathRecord
    {
        public string? Path { get; set; }

        public string? Location { get; set; }

        public long? FilePathHitsCount { get; set; }
    }
}
