using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>FileGeneralInfo of a hash lookup.</summary>
    public sealed class FileGeneralInfo : GeneralInfo
    {
        /// <summary>OpenTIP's verdict text: Malware, Adware and other, Clean, No threats detected, Not categorized (TIP does not send it).</summary>
        public string? FileStatus { get; set; }

        public string? Md5 { get; set; }

        public string? Sha1 { get; set; }

        public string? Sha256 { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public string? Signer { get; set; }

        /// <summary>The signer's zone: Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? SignerZone { get; set; }

        public string? SignerStatus { get; set; }

        public string? Packer { get; set; }

        public long? Size { get; set; }

        public string? Type { get; set; }

        protected override IEnumerable<string?> Summary()
        {
            foreach (var part in base.Summary()) yield return part;
            yield return Type;
            yield return OutputText.Labeled("size", OutputText.Number(Size));
            yield return OutputText.Labeled("signer", OutputText.WithZone(Signer, SignerZone));
            yield return OutputText.Labeled("last seen", OutputText.Date(LastSeen));
        }
    }
}
