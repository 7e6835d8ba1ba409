using System;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Connection
{
    /// <summary>
    /// Test-TipConnection: resolves the tenant's connection and sends the cheapest useful request, the
    /// <c>Zone,LicenseInfo</c> sections of a well-known domain. Every outcome — disabled, no secret, refused,
    /// unreachable — is a <see cref="TipConnectionTest"/> with an actionable message, not an exception, so scripts
    /// can branch on <c>Succeeded</c>. An answered request is entered in the ledger and its LicenseInfo kept.
    /// </summary>
    public sealed class ConnectionTester
    {
        /// <summary>The indicator the test asks about (what common connectors use for connectivity checks).</summary>
        public static readonly TipIndicator Probe = new TipIndicator("example.com", TipIndicatorType.Domain, "example.com", "Test-TipConnection");

        private static readonly string[] ProbeSections = { "Zone", "LicenseInfo" };

        private readonly ConnectionResolver _resolver;
        private readonly Func<TipConnectionOptions, ITipClient> _clientFactory;
        private readonly SecretStore _secrets;
        private readonly SettingsStore _settings;
        private readonly Stores.ILedgerStore _ledger;
        private readonly Stores.ILicenseStore _licenses;
        private readonly TimeProvider _time;

        public ConnectionTester(ConnectionResolver resolver, Func<TipConnectionOptions, ITipClient> clientFactory, SecretStore secrets,
            SettingsStore settings, Stores.ILedgerStore ledger, Stores.ILicenseStore licenses, TimeProvider? time = null)
        {
            _resolver = resolver;
            _clientFactory = clientFactory;
            _secrets = secrets;
            _settings = settings;
            _ledger = ledger;
            _licenses = licenses;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>
        /// Per attempt of the test request. A lookup's 15 s suits a batch; a test is a question asked while someone waits,
        /// and the portal answers it in about a second.
        /// </summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Retries of the test request (one: a dropped connection gets a second chance).</summary>
        public int MaxRetries { get; set; } = 1;

        /// <summary>The most the test takes, retry and wait included: a silent endpoint is reported within this.</summary>
        public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <param name="tenant">The tenant whose connection is tested.</param>
        /// <param name="cancellationToken">Ctrl+C: reaches the socket.</param>
        /// <param name="onRetry">Told of each retry (for -Verbose); called on a pool thread, must be quick and not throw.</param>
        public async Task<TipConnectionTest> TestAsync(string tenant, CancellationToken cancellationToken, Action<TipRetryEventArgs>? onRetry = null)
        {
            tenant = Tenants.Normalize(tenant);
            var settings = _settings.Get(tenant);
            var result = new TipConnectionTest { Tenant = settings.Tenant, Endpoint = settings.Endpoint };
            if (settings.Secret != null)
            {
                var secret = _secrets.Find(tenant, settings.Secret);
                result.CertificateNotAfter = secret?.CertificateNotAfter;
                result.Authentication = secret?.Authentication;
            }
            TipConnectionOptions options;
            try
            {
                options = _resolver.Resolve(tenant);
            }
            catch (TipConnectionUnavailableException ex)
            {
                result.Message = ex.Message;
                return result;
            }

            options.AttemptTimeout = AttemptTimeout;
            options.MaxRetries = MaxRetries;
            options.TotalTimeout = TotalTimeout;
            var started = _time.GetTimestamp();
            ITipClient? client = null;
            try
            {
                // Inside the try: building the client loads the certificate and CA, which can be refused too.
                client = _clientFactory(options);
                if (onRetry != null && client is IRetryReporting reporting) reporting.Retrying += (_, e) => onRetry(e);
                var response = await client.LookupAsync(Probe, ProbeSections, null, cancellationToken).ConfigureAwait(false);
                result.Elapsed = _time.GetElapsedTime(started);
                result.StatusCode = response.StatusCode;
                _ledger.Record(tenant, Probe, response.StatusCode, response.ReceivedAt);
                var license = response.Sections.LicenseInfo ?? client.LastLicenseInfo;
                Apply(result, license);
                if (license != null) _licenses.Save(tenant, license, response.ReceivedAt);
                result.Succeeded = true;
                result.Message = SuccessMessage(options, license);
            }
            catch (TipApiException ex)
            {
                result.Elapsed = _time.GetElapsedTime(started);
                result.StatusCode = ex.StatusCode;
                var license = client?.LastLicenseInfo;
                Apply(result, license);
                if (license != null) _licenses.Save(tenant, license, _time.GetUtcNow());
                result.Message = ex.Message;
            }
            finally
            {
                client?.Dispose();
            }
            return result;
        }

        private static void Apply(TipConnectionTest result, TipLicenseInfo? license)
        {
            if (license == null) return;
            result.AccessType = license.AccessType;
            result.DayRequests = license.DayRequests;
            result.DayQuota = license.DayQuota;
            result.TokenExpirationDate = license.TokenExpirationDate;
        }

        private static string SuccessMessage(TipConnectionOptions options, TipLicenseInfo? license)
        {
            var text = $"Connected to {options.Endpoint} for tenant '{options.Tenant}'.";
            if (license == null) return text + " The portal sent no LicenseInfo.";
            text += $" {license.AccessType ?? "Unknown"} access; {license.DayRequests?.ToString() ?? "?"} of {license.DayQuota?.ToString() ?? "?"} requests used today.";
            if (options.UsesApiToken && license.TokenExpirationDate.HasValue)
            {
                text += $" Signed in with an API token that expires on {license.TokenExpirationDate.Value.UtcDateTime:yyyy-MM-dd}.";
            }
            if (license.QuotaSpent)
            {
                text += " Today's quota is spent: lookups will fail until the portal resets it (cached results still work).";
            }
            return text;
        }
    }
}
