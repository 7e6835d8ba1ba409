using System;
using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Configures a tenant's "Kaspersky Threat Lookup" connection: on or off, the secret, endpoint, proxy, extra trusted CA, and the defaults for lookups.</summary>
    /// <remarks>
    /// Set-TipSettings changes only the parameters given; the others keep their value (a tenant that never set
    /// anything has the defaults Get-TipSettings shows). $null for -Secret, -Proxy, -ProxyCredential or -TrustedCaPath
    /// removes that setting (an empty string does too for -Secret and -TrustedCaPath). Every value is validated first
    /// and nothing is stored when any of them is refused. No request is made to the portal: run Test-TipConnection
    /// afterwards to prove the connection works.
    ///
    /// -Disabled switches the connection off: from then on no command makes a request for this tenant; those that
    /// need the portal refuse before sending anything and say that the connection is disabled (Test-TipConnection
    /// returns Succeeded $false with that message). Cached results stay readable with Get-TipLookup. -Disabled:$false
    /// (with the colon: it is a switch) switches it on again.
    ///
    /// -Secret names a secret of the same tenant (see Get-TipSecret); an unknown name is refused (SecretNotFound). The
    /// endpoint must be an https address without user information (InvalidEndpoint); only its scheme, host, port and
    /// path are kept. The proxy must be an http or https address without user information, which goes in
    /// -ProxyCredential instead (InvalidProxy); only its scheme, host and port are kept. Without a proxy setting the
    /// system's default proxy configuration applies. -TrustedCaPath reads a CA certificate (PEM or DER) and stores it,
    /// so the file may move afterwards (a missing file gives TrustedCaPathNotFound, one that is not a certificate
    /// InvalidTrustedCaPath). Certificate checks are never switched off: the endpoint's certificate must still be valid
    /// for its host name and chain either to a root the system trusts or to this CA.
    ///
    /// -MaxRecords (1-1000, default 10) is the number of records per data group asked of the API; Invoke-TipLookup
    /// -MaxRecords overrides it for one call. -CacheTtl (default 7 days, longer than zero) is how long a cached result
    /// is served without a new request. -ThrottleLimit (1-64, default 4) caps concurrent requests. Values out of these
    /// ranges are refused when the parameters are bound; a -CacheTtl of zero or less gives InvalidCacheTtl.
    ///
    /// The proxy credential is encrypted at rest like secrets; Get-TipSettings shows only the masked proxy user.
    /// Settings are per tenant (-Tenant, default Main). Nothing is written unless -PassThru is given; -WhatIf shows the
    /// change without storing it. Errors are non-terminating and name the offending value.
    /// </remarks>
    /// <example>
    /// <code>Set-TipSettings -Secret prod -PassThru</code>
    /// <para>After New-TipSecret: the connection of the default tenant authenticates with the secret prod against https://tip.kaspersky.com; the returned TipSettings shows the result.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipSettings -Proxy http://proxy.corp.example:3128 -ProxyCredential (Get-Credential -Message 'Proxy login') -TrustedCaPath .\corp-tls-inspection-ca.cer
    /// Test-TipConnection</code>
    /// <para>Behind a corporate proxy that inspects TLS: requests go through the proxy with its own login, and the proxy's re-signing CA is trusted for this connection only, so certificate checks stay on. Test-TipConnection then proves the whole path.</para>
    /// </example>
    /// <example>
    /// <code># in another window: dotnet run --project src/KumaTip.Simulator -- --port 8443 --state-dir ./sim
    /// Set-TipSettings -Tenant Lab -Endpoint https://127.0.0.1:8443 -TrustedCaPath .\sim\ca.pem -Secret sim
    /// Test-TipConnection -Tenant Lab</code>
    /// <para>Points the Lab tenant at the local simulator, which writes ca.pem, client.pfx and account.json into ./sim (store its account as the secret sim first, see New-TipSecret). Runbooks rehearsed with -Tenant Lab spend no real quota, and the Main connection is untouched.</para>
    /// </example>
    /// <example>
    /// <code>New-TipSecret -Tenant Free -Name opentip -ApiToken (Read-Host -AsSecureString 'OpenTIP token')
    /// Set-TipSettings -Tenant Free -Service OpenTip -Secret opentip</code>
    /// <para>Without a commercial licence: the Free tenant looks indicators up on the free OpenTIP portal (https://opentip.kaspersky.com) with a token from a Kaspersky Account. OpenTIP answers a fixed set of data groups per type, so -Section and -MaxRecords do not apply there.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipSettings -Disabled
    /// Set-TipSettings -Disabled:$false</code>
    /// <para>Switches the connection off, e.g. while the licence is renewed or to stop scheduled runbooks from spending quota at once; every command that would make a request refuses and says why. The second line switches it on again.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipSettings -Proxy $null -ProxyCredential $null -TrustedCaPath $null -MaxRecords 50 -CacheTtl (New-TimeSpan -Days 1)</code>
    /// <para>The machine moved out of the corporate network: removes the proxy, its login and the extra CA, asks for up to 50 records per data group and treats cached results older than a day as stale.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "TipSettings", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Set-TipSettings.md")]
    [OutputType(typeof(TipSettings))]
    public sealed class SetTipSettingsCommand : WorkspaceCmdlet
    {
        /// <summary>Switches the connection off: no request is made for the tenant until -Disabled:$false switches it on again.</summary>
        [Parameter]
        public SwitchParameter Disabled { get; set; }

        /// <summary>The name of the secret (in this tenant, see Get-TipSecret) the connection authenticates with; it must exist. $null or '' removes it, after which no request is made until a secret is set.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string? Secret { get; set; }

        /// <summary>The HTTP(S) proxy to reach the portal through, e.g. http://proxy.corp.example:3128, without user information (use -ProxyCredential). $null removes it; the system's default proxy configuration then applies.</summary>
        [Parameter]
        [AllowNull]
        public Uri? Proxy { get; set; }

        /// <summary>Hosts reached without the proxy: names or wildcards (*.corp.local, 10.*), &lt;local&gt; for dot-less names. $null or @() clears the list.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? ProxyBypass { get; set; }

        /// <summary>The proxy's user name (DOMAIN\user is kept) and password, e.g. from Get-Credential; stored encrypted. $null removes it.</summary>
        [Parameter]
        [AllowNull]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>The service that answers lookups: Tip (the commercial portal, the default) or OpenTip (the free opentip.kaspersky.com, with an API-token secret). Switching moves the endpoint from one service's default address to the other's; an endpoint of your own is kept.</summary>
        [Parameter]
        public KumaTip.Core.Api.PortalService Service { get; set; }

        /// <summary>The portal's base address, https only; https://tip.kaspersky.com by default (https://opentip.kaspersky.com for -Service OpenTip). Give that address again to return from the simulator or a test endpoint.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        /// <summary>An extra CA certificate file (PEM or DER) the endpoint's certificate may chain to: a TLS-inspecting proxy's CA, or the simulator's ca.pem. It is read and stored, so the file may move. $null or '' removes it.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        public string? TrustedCaPath { get; set; }

        /// <summary>Records per data group asked of the API (1-1000; default 10). Invoke-TipLookup -MaxRecords overrides it for one call.</summary>
        [Parameter]
        [ValidateRange(1, TipSettings.MaxRecordsLimit)]
        public int MaxRecords { get; set; }

        /// <summary>How long a cached result is served without a new request, e.g. (New-TimeSpan -Hours 12) or 1.00:00:00; longer than zero, default 7 days.</summary>
        [Parameter]
        public TimeSpan CacheTtl { get; set; }

        /// <summary>Concurrent API requests at most (1-64; default 4).</summary>
        [Parameter]
        [ValidateRange(1, TipSettings.ThrottleLimitMaximum)]
        public int ThrottleLimit { get; set; }

        /// <summary>Writes the tenant's TipSettings after the change. Without it Set-TipSettings writes nothing.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            var update = new SettingsUpdate();
            if (bound.ContainsKey(nameof(Disabled))) update.Disabled = Disabled.IsPresent;
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
            if (bound.ContainsKey(nameof(ProxyBypass))) update.ProxyBypass = ProxyBypass ?? Array.Empty<string>();
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
            if (bound.ContainsKey(nameof(Service))) update.Service = Service;
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
                // The target is the tenant, never the bound value: a proxy or endpoint typed with user:password would
                // otherwise land in $Error[0].TargetObject (and on screen in Windows PowerShell's CategoryInfo).
                WriteError(TipErrors.From(ex, Tenant));
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
