using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// Everything the client needs for one endpoint, with secret values decrypted in memory only.
    /// Built by <c>ConnectionResolver</c> from a tenant's settings and secret; never stored or printed as is.
    /// </summary>
    public sealed class TipConnectionOptions
    {
        public static readonly Uri DefaultEndpoint = new Uri("https://tip.kaspersky.com/");

        public Uri Endpoint { get; set; } = DefaultEndpoint;

        public string User { get; set; } = "";

        public string Password { get; set; } = "";

        /// <summary>The client certificate as PFX bytes; loaded in memory, never written to disk.</summary>
        public byte[] PfxBytes { get; set; } = Array.Empty<byte>();

        public string PfxPassword { get; set; } = "";

        /// <summary>
        /// An API token: when set, the client sends <c>Authorization: Bearer</c> and no client certificate, and
        /// <see cref="User"/>, <see cref="Password"/> and <see cref="PfxBytes"/> must stay empty.
        /// </summary>
        public string? ApiToken { get; set; }

        /// <summary>True when the connection signs in with an API token.</summary>
        public bool UsesApiToken => !string.IsNullOrEmpty(ApiToken);

        public Uri? Proxy { get; set; }

        public string? ProxyUser { get; set; }

        public string? ProxyPassword { get; set; }

        /// <summary>Hosts (wildcards allowed) reached without the proxy.</summary>
        public IReadOnlyList<string> ProxyBypass { get; set; } = Array.Empty<string>();

        /// <summary>An extra CA (PEM) the endpoint's certificate may chain to: TLS-inspecting proxies, the simulator.</summary>
        public string? TrustedCaPem { get; set; }

        /// <summary>Concurrent requests to the endpoint.</summary>
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>
        /// Timeout of one attempt, the body included. The portal answers in about a second; 15 s leaves room for a slow
        /// link or a large answer and still gives a silent server up quickly.
        /// </summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// The most one lookup may take, every attempt and every wait between them included (not the wait for a free
        /// <see cref="ThrottleLimit"/> slot). A retry whose Retry-After would end past it is not made. Zero or less: no limit
        /// beyond the attempts' own.
        /// </summary>
        public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Retries after the first attempt on 429, 5xx, timeouts and dropped connections.</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>Base of the exponential back-off (with jitter) when the portal gives no Retry-After.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Longest Retry-After honoured; a longer one fails the request as rate limited.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>Tenant the options were resolved for (for messages and the ledger).</summary>
        public string Tenant { get; set; } = "Main";

        /// <summary>Never prints secret values.</summary>
        public override string ToString() => UsesApiToken
            ? $"{Endpoint} (tenant {Tenant}, API token)"
            : $"{Endpoint} (tenant {Tenant}, user {(User.Length > 0 ? User.Substring(0, 1) + "*****" : "")})";
    }
}
