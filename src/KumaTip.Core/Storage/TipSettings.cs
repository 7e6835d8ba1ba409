using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// A tenant's "Kaspersky Threat Lookup" connection as users see it. The proxy user is masked and no password
    /// appears; the trusted CA is shown by subject and thumbprint.
    /// </summary>
    public sealed class TipSettings
    {
        public const string DefaultEndpoint = "https://tip.kaspersky.com";
        public const int DefaultMaxRecords = 10;
        public const int MaxRecordsLimit = 1000;
        public const int DefaultThrottleLimit = 4;
        public const int ThrottleLimitMaximum = 64;
        public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromDays(7);

        public string Tenant { get; set; } = Tenants.Default;

        /// <summary>A disabled connection makes no request at all.</summary>
        public bool Disabled { get; set; }

        /// <summary>Name of the secret (in this tenant) the connection authenticates with.</summary>
        public string? Secret { get; set; }

        /// <summary>How that secret signs in: <c>Certificate</c> or <c>ApiToken</c>; empty when no secret is set or it is gone.</summary>
        public string? SecretAuthentication { get; set; }

        public Uri Endpoint { get; set; } = new Uri(DefaultEndpoint);

        public Uri? Proxy { get; set; }

        /// <summary>
        /// Hosts reached without the proxy (wildcards such as *.corp.local; &lt;local&gt; for dot-less names); a CSV cell
        /// joins them with "; ".
        /// </summary>
        public TipList<string> ProxyBypass
        {
            get => _proxyBypass;
            set => _proxyBypass = TipList<string>.From(value);
        }

        private TipList<string> _proxyBypass = TipList<string>.Empty;

        /// <summary>The proxy user name, masked; empty when the proxy needs no credential.</summary>
        public string? ProxyUser { get; set; }

        /// <summary>Subject of the extra CA trusted for the endpoint (TLS-inspecting proxies, the simulator).</summary>
        public string? TrustedCa { get; set; }

        public string? TrustedCaThumbprint { get; set; }

        /// <summary>Records per data group (count) asked of the API: 1–1000.</summary>
        public int MaxRecords { get; set; } = DefaultMaxRecords;

        /// <summary>How long a cached result is served without a new request.</summary>
        public TimeSpan CacheTtl { get; set; } = DefaultCacheTtl;

        /// <summary>Concurrent API requests at most.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>When the settings were last changed; null while they are the defaults.</summary>
        public DateTimeOffset? Modified { get; set; }
    }
}
