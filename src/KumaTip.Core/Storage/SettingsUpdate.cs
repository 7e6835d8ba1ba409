using System;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Changes to a tenant's settings; a null member leaves that setting as it is. The Clear* flags remove an
    /// optional setting (proxy, proxy credential, trusted CA, secret).
    /// </summary>
    public sealed class SettingsUpdate
    {
        public bool? Disabled { get; set; }
        public string? Secret { get; set; }
        public bool ClearSecret { get; set; }
        public Uri? Endpoint { get; set; }

        /// <summary>The service; changing it also moves the endpoint from one service's default to the other's.</summary>
        public KumaTip.Core.Api.PortalService? Service { get; set; }
        public Uri? Proxy { get; set; }
        public bool ClearProxy { get; set; }

        /// <summary>Hosts reached without the proxy (wildcards allowed); an empty list clears it.</summary>
        public string[]? ProxyBypass { get; set; }
        public string? ProxyUser { get; set; }
        public string? ProxyPassword { get; set; }
        public bool ClearProxyCredential { get; set; }

        /// <summary>The CA certificate file's bytes (PEM or DER); it is stored, so the file may move afterwards.</summary>
        public byte[]? TrustedCa { get; set; }
        public string TrustedCaSource { get; set; } = "CA file";
        public bool ClearTrustedCa { get; set; }
        public int? MaxRecords { get; set; }
        public TimeSpan? CacheTtl { get; set; }
        public int? ThrottleLimit { get; set; }
    }
}
