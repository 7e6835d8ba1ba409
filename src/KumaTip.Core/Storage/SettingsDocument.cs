using System;

namespace KumaTip.Core.Storage
{
    /// <summary>A tenant's settings as stored in the <c>settings</c> collection; the proxy credential is encrypted.</summary>
    public sealed class SettingsDocument
    {
        /// <summary>The tenant key (upper-cased tenant name).</summary>
        public string Id { get; set; } = string.Empty;
        public string Tenant { get; set; } = Tenants.Default;
        public bool Disabled { get; set; }
        public string? Secret { get; set; }
        public string Endpoint { get; set; } = TipSettings.DefaultEndpoint;

        /// <summary>"OpenTip" for the free portal; null (documents written before there was a choice) is TIP.</summary>
        public string? Service { get; set; }
        public string? Proxy { get; set; }
        public string[]? ProxyBypass { get; set; }
        public string? ProxyUserMasked { get; set; }
        public byte[]? ProxyUser { get; set; }
        public byte[]? ProxyPassword { get; set; }
        public string? TrustedCaPem { get; set; }
        public string? TrustedCaSubject { get; set; }
        public string? TrustedCaThumbprint { get; set; }
        public int MaxRecords { get; set; } = TipSettings.DefaultMaxRecords;
        public long CacheTtlTicks { get; set; } = TipSettings.DefaultCacheTtl.Ticks;
        public int ThrottleLimit { get; set; } = TipSettings.DefaultThrottleLimit;
        public DateTime? Modified { get; set; }
    }
}
