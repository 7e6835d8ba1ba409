using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A path the file was seen at.</summary>
    public sealed class FilePathRecord
    {
        public string? Path { get; set; }

        public string? Location { get; set; }

        public long? FilePathHitsCount { get; set; }

        public override string ToString() => Path ?? "";
    }
}
