using System;
using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Configures the tenant's "Kaspersky Threat Lookup" connection.</para>
    /// <para type="description">Only the parameters given change. $null for -Proxy, -ProxyCredential, -TrustedCaPath or -Secret removes that setting.
    /// The trusted CA file is read and stored, so it may move afterwards. A disabled connection makes no request at all.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "TipSettings", SupportsShouldProcess = true)]
    [OutputType(typeof(TipSettings))]
    public sealed class SetTipSettingsCommand : WorkspaceCmdlet
    {
        /// <summary>$true switches the connection off: no request is made until it is $false again.</summary>
        [Parameter]
        public bool Disabled { get; set; }

        /// <summary>The secret (in this tenant) the connection authenticates with.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string? Secret { get; set; }

        /// <summary>The HTTP(S) proxy to reach the portal through.</summary>
        [Parameter]
        [AllowNull]
        public Uri? Proxy { get; set; }

        /// <summary>The proxy's user and password.</summary>
        [Parameter]
        [AllowNull]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>The portal's base address; https://tip.kaspersky.com by default.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        /// <summary>An extra CA certificate (PEM or DER) the endpoint may chain to: TLS-inspecting proxies, the simulator.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        public string? TrustedCaPath { get; set; }

        /// <summary>Records per data group asked of the API (1–1000; default 10).</summary>
        [Parameter]
        [ValidateRange(1, TipSettings.MaxRecordsLimit)]
        public int MaxRecords { get; set; }

        /// <summary>How long a cached result is served without a request (default 7 days).</summary>
        [Parameter]
        public TimeSpan CacheTtl { get; set; }

        /// <summary>Concurrent requests at most (default 4).</summary>
        [Parameter]
        [ValidateRange(1, TipSettings.ThrottleLimitMaximum)]
        public int ThrottleLimit { get; set; }

        /// <summary>Writes the settings after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            var update = new SettingsUpdate();
            if (bound.ContainsKey(nameof(Disabled))) update.Disabled = Disabled;
            if (bound.ContainsKey(nameof(Secret)))
            {
                if (string.IsNullOrEmpty(Secret)) update.ClearSecret = true;
                else update.Secret = Secret;
            }
            if (bound.ContainsKey(nameof(Proxy)))
            {
                if (Proxy == null) update.ClearProxy = true;
                else update.Proxy = Proxy;
            }
            if (bound.ContainsKey(nameof(ProxyCredential)))
            {
                if (ProxyCredential == null || ProxyCredential == PSCredential.Empty) update.ClearProxyCredential = true;
                else
                {
                    var credential = ProxyCredential.GetNetworkCredential();
                    update.ProxyUser = string.IsNullOrEmpty(credential.Domain) ? credential.UserName : credential.Domain + "\\" + credential.UserName;
                    update.ProxyPassword = credential.Password;
                }
            }
            if (Endpoint != null) update.Endpoint = Endpoint;
            if (bound.ContainsKey(nameof(TrustedCaPath)))
            {
                if (string.IsNullOrEmpty(TrustedCaPath)) update.ClearTrustedCa = true;
                else
                {
                    update.TrustedCa = ReadFile(TrustedCaPath!, nameof(TrustedCaPath));
                    if (update.TrustedCa == null) return;
                    update.TrustedCaSource = FullPath(TrustedCaPath!);
                }
            }
            if (bound.ContainsKey(nameof(MaxRecords))) update.MaxRecords = MaxRecords;
            if (bound.ContainsKey(nameof(CacheTtl))) update.CacheTtl = CacheTtl;
            if (bound.ContainsKey(nameof(ThrottleLimit))) update.ThrottleLimit = ThrottleLimit;

            if (!ShouldProcess($"Kaspersky Threat Lookup connection of tenant '{Tenant}'", "Update")) return;
            try
            {
                var settings = Workspace.Settings.Update(Tenant, update);
                WriteVerbose($"Updated the connection settings of tenant '{settings.Tenant}'.");
                if (PassThru) WriteObject(settings);
            }
            catch (TipSettingsException ex)
            {
                WriteError(TipErrors.From(ex, bound.TryGetValue(ex.Setting, out var value) ? value : Tenant));
            }
            catch (TipSecretException ex)
            {
                WriteError(TipErrors.From(ex, Tenant));
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
