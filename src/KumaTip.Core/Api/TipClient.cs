using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// The Threat Lookup client: HTTPS with Basic auth and a client certificate, or with an API token as
    /// <c>Authorization: Bearer</c> and no certificate; the extra CA, the proxy, and a Polly
    /// pipeline (concurrency limit, a time budget per lookup, retry with back-off and Retry-After, circuit breaker,
    /// per-attempt timeout).
    /// One instance per endpoint and account; thread-safe. The concurrency limit (<see cref="TipConnectionOptions.ThrottleLimit"/>)
    /// holds per instance, so share one instance for all lookups against an endpoint.
    /// </summary>
    public sealed class TipClient : ITipClient, IRetryReporting, Analysis.IFileAnalysisClient
    {
        private const string HttpClientName = "KumaTip.Tip";

        private static readonly ResiliencePropertyKey<TipIndicator> IndicatorKey = new ResiliencePropertyKey<TipIndicator>("KumaTip.Indicator");
        private static readonly ResiliencePropertyKey<int> AttemptsKey = new ResiliencePropertyKey<int>("KumaTip.Attempts");
        private static readonly ResiliencePropertyKey<string?> TlsRefusalProperty = new ResiliencePropertyKey<string?>("KumaTip.TlsRefusal");
        private const string TlsRefusalKey = "KumaTip.TlsRefusal";
        private static readonly ResiliencePropertyKey<long> BudgetStartKey = new ResiliencePropertyKey<long>("KumaTip.BudgetStart");
        private static readonly ResiliencePropertyKey<bool> BudgetSpentKey = new ResiliencePropertyKey<bool>("KumaTip.BudgetSpent");
        private static readonly ResiliencePropertyKey<string?> LastFailureKey = new ResiliencePropertyKey<string?>("KumaTip.LastFailure");

        /// <summary>The breaker opens when this share of the sampled attempts were outages…</summary>
        internal const double BreakerFailureRatio = 0.8;

        /// <summary>…among at least this many attempts (more than one lookup's own, see <see cref="BreakerMinimumThroughput"/>)…</summary>
        internal const int BreakerMinimumAttempts = 6;

        /// <summary>
        /// …within this time (long enough to hold six 15 s timeouts made one at a time, with their back-off and the attempts
        /// a lookup's budget cuts short, which do not count)…
        /// </summary>
        internal static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromMinutes(3);

        /// <summary>…and then sends nothing for this long.</summary>
        internal static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(30);

        private readonly TipConnectionOptions _options;
        private readonly TimeProvider _time;
        private readonly ServiceProvider _services;
        private readonly IHttpClientFactory _factory;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly ResiliencePipeline<HttpResponseMessage> _uploadPipeline;

        /// <summary>One upload attempt of <see cref="SubmitFileAsync"/>: 10 minutes carries the largest file OpenTIP takes over a slow link.</summary>
        internal static readonly TimeSpan UploadAttemptTimeout = TimeSpan.FromMinutes(10);
        private readonly ConcurrencyLimiter _limiter;
        private readonly X509Certificate2? _clientCertificate;
        private readonly X509Certificate2Collection? _trustedCas;
        private readonly TrustedCaValidator _validator;
        private readonly AuthenticationHeaderValue? _authorization;
        private readonly string[] _secrets;
        private TipLicenseInfo? _lastLicenseInfo;
        private string? _breakReason; // the outage that opened the circuit last, for the CircuitOpen message
        private bool _breakOnClosedConnection;

        /// <summary>A client on the system clock (the cmdlets' constructor: it names no dependency type).</summary>
        public TipClient(TipConnectionOptions options)
            : this(options, null)
        {
        }

        public TipClient(TipConnectionOptions options, TimeProvider? timeProvider)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _time = timeProvider ?? TimeProvider.System;
            if (!string.Equals(options.Endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The endpoint {options.Endpoint.Scheme}://{options.Endpoint.Host} is not HTTPS; the portal is only reached over HTTPS.", nameof(options));
            }

            _secrets = new[] { options.Password, options.PfxPassword, options.ProxyPassword ?? "", options.ApiToken ?? "" }.Where(s => s.Length >= 3).ToArray();
            if (options.Service == PortalService.OpenTip)
            {
                // OpenTIP reads the token from x-api-key (added per request) and knows no Basic auth or certificate.
                if (string.IsNullOrEmpty(options.ApiToken))
                {
                    throw new ArgumentException("OpenTIP needs an API token (its x-api-key): create a token secret with New-TipSecret -ApiToken.", nameof(options));
                }
            }
            else if (options.UsesApiToken)
            {
                if (options.User.Length > 0 || options.Password.Length > 0 || options.PfxBytes.Length > 0)
                {
                    // A token connection that also carried a certificate would hide which of the two the portal accepted.
                    throw new ArgumentException("A connection signs in with an API token or with a user, password and client certificate, not both.", nameof(options));
                }

                _authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
            }
            else if (options.User.Length > 0 || options.Password.Length > 0)
            {
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.User + ":" + options.Password));
                _authorization = new AuthenticationHeaderValue("Basic", token);
                _secrets = _secrets.Concat(new[] { token }).ToArray();
            }

            if (!string.IsNullOrEmpty(options.ProxyUser))
            {
                // The proxy's Basic token, should a proxy page ever echo its Proxy-Authorization header.
                _secrets = _secrets.Concat(new[] { Convert.ToBase64String(Encoding.UTF8.GetBytes(options.ProxyUser + ":" + (options.ProxyPassword ?? ""))) }).ToArray();
            }

            _trustedCas = string.IsNullOrWhiteSpace(options.TrustedCaPem) ? null : PemCertificate.ReadAll(options.TrustedCaPem!);
            _validator = new TrustedCaValidator(_trustedCas);
            try
            {
                _clientCertificate = options.PfxBytes.Length > 0 ? TipClientCertificate.Load(options.PfxBytes, options.PfxPassword) : null;
            }
            catch
            {
                // No Dispose will run for a constructor that throws: release the CA certificates loaded above.
                DisposeCertificates();
                throw;
            }

            var services = new ServiceCollection();
            services.AddHttpClient(HttpClientName, client =>
                {
                    client.BaseAddress = options.Endpoint.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
                    // The pipeline times each attempt; HttpClient's own timeout would cut retries short.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("KumaTip", typeof(TipClient).Assembly.GetName().Version?.ToString() ?? "1.0"));
                })
                .ConfigurePrimaryHttpMessageHandler(CreateHandler)
                .SetHandlerLifetime(TimeSpan.FromMinutes(10));
            _services = services.BuildServiceProvider();
            _factory = _services.GetRequiredService<IHttpClientFactory>();

            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, options.ThrottleLimit),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            _pipeline = BuildPipeline(AttemptTimeout, _options.TotalTimeout);
            // An upload of a large file over a slow link takes minutes, not the seconds a lookup's answer does.
            _uploadPipeline = BuildPipeline(UploadAttemptTimeout, TimeSpan.FromTicks(UploadAttemptTimeout.Ticks * 3));
        }

        /// <inheritdoc />
        public TipLicenseInfo? LastLicenseInfo => Volatile.Read(ref _lastLicenseInfo);

        /// <summary>Raised before each retry with the failure and the delay chosen; handlers must be quick and not throw.</summary>
        public event EventHandler<TipRetryEventArgs>? Retrying;

        /// <summary>A retry's wait is over and its attempt is being sent.</summary>
        public event EventHandler<TipAttemptEventArgs>? RetryAttemptStarting;

        /// <inheritdoc />
        public async Task<TipApiResponse> LookupAsync(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords, CancellationToken cancellationToken)
        {
            if (indicator == null) throw new ArgumentNullException(nameof(indicator));
            var openTip = _options.Service == PortalService.OpenTip;
            // OpenTIP has no sections and no count (tip-api.md §2.3): it answers its fixed set, and nothing is asked for.
            var wireSections = openTip ? new List<string>()
                : sections == null || sections.Count == 0 ? SectionCatalog.DefaultSections(indicator.Kind)
                : sections.ToList();
            if (openTip) maxRecords = null;
            var relative = openTip ? OpenTipRequestUri.Build(indicator) : TipRequestUri.Build(indicator, wireSections, maxRecords);
            var (response, attempts) = await SendAsync(indicator, () => new HttpRequestMessage(HttpMethod.Get, relative), cancellationToken).ConfigureAwait(false);
            using (response)
            {
                return await ReadResponseAsync(indicator, response, wireSections, maxRecords, attempts).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Sends one request through the pipeline (throttle, budget, retries, breaker, attempt timeout) and returns the
        /// answer with the number of attempts; a failure without an answer is mapped to a <see cref="TipApiException"/>.
        /// </summary>
        /// <param name="indicator">What the request is about, for messages and retry events.</param>
        /// <param name="createRequest">Called once per attempt: a retried request needs a fresh message (and body).</param>
        /// <param name="cancellationToken">Ctrl+C: surfaces as a cancellation, never as an API failure.</param>
        /// <param name="upload">An upload: the pipeline with minutes per attempt instead of seconds.</param>
        private async Task<(HttpResponseMessage Response, int Attempts)> SendAsync(TipIndicator indicator, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken, bool upload = false)
        {
            var pipeline = upload ? _uploadPipeline : _pipeline;
            var openTip = _options.Service == PortalService.OpenTip;
            var client = _factory.CreateClient(HttpClientName);

            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(IndicatorKey, indicator);
            context.Properties.Set(AttemptsKey, 0);
            Outcome<HttpResponseMessage> outcome;
            int attempts;
            string? tlsRefusal;
            bool budgetSpent;
            string? lastFailure;
            try
            {
                outcome = await pipeline.ExecuteOutcomeAsync(
                    async (ctx, state) =>
                    {
                        var attempt = ctx.Properties.GetValue(AttemptsKey, 0) + 1;
                        ctx.Properties.Set(AttemptsKey, attempt);
                        // The budget runs from the first attempt: the wait for a throttle slot before it does not count.
                        if (attempt == 1) ctx.Properties.Set(BudgetStartKey, _time.GetTimestamp());
                        if (attempt > 1) RetryAttemptStarting?.Invoke(this, new TipAttemptEventArgs(indicator, attempt));
                        using (var request = state())
                        {
                            try
                            {
                                request.Headers.Authorization = _authorization;
                                if (openTip) request.Headers.TryAddWithoutValidation(OpenTipErrors.KeyHeader, _options.ApiToken);
                                // ResponseContentRead: the body is read inside the attempt, so its timeout and retry cover it.
                                var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                                return Outcome.FromResult(response);
                            }
                            catch (Exception ex)
                            {
                                ctx.Properties.Set(TlsRefusalProperty, request.Properties.TryGetValue(TlsRefusalKey, out var refusal) ? refusal as string : null);
                                return Outcome.FromException<HttpResponseMessage>(ex);
                            }
                        }
                    },
                    context,
                    createRequest).ConfigureAwait(false);
                attempts = context.Properties.GetValue(AttemptsKey, 1);
                tlsRefusal = context.Properties.GetValue(TlsRefusalProperty, null);
                budgetSpent = context.Properties.GetValue(BudgetSpentKey, false);
                lastFailure = context.Properties.GetValue(LastFailureKey, null);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            if (outcome.Exception != null)
            {
                if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C is not an API failure: let it surface as a cancellation.
                    cancellationToken.ThrowIfCancellationRequested();
                }

                throw MapException(indicator, outcome.Exception, attempts, tlsRefusal, budgetSpent, lastFailure);
            }

            return (outcome.Result!, attempts);
        }

        /// <summary>
        /// OpenTIP only: uploads a file for analysis (<c>POST api/v1/scan/file?filename=</c>, tip-api.md §8.2). The answer is
        /// the hash schema as far as it is known yet, without the sandbox results.
        /// </summary>
        /// <param name="hash">The file's SHA-256 as an indicator: what messages name and what the answer is about.</param>
        /// <param name="fileName">The name OpenTIP shows for the file (no folder).</param>
        /// <param name="openContent">Opens the file; called once per attempt, so a retry sends it whole again.</param>
        /// <param name="cancellationToken">Ctrl+C.</param>
        public async Task<TipApiResponse> SubmitFileAsync(TipIndicator hash, string fileName, Func<Stream> openContent, CancellationToken cancellationToken)
        {
            RequireOpenTip();
            var relative = "api/v1/scan/file?filename=" + Uri.EscapeDataString(fileName);
            var (response, attempts) = await SendAsync(hash, () =>
            {
                var content = new StreamContent(openContent());
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return new HttpRequestMessage(HttpMethod.Post, relative) { Content = content };
            }, cancellationToken, upload: true).ConfigureAwait(false);
            using (response)
            {
                return await ReadResponseAsync(hash, response, Array.Empty<string>(), null, attempts).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// OpenTIP only: the analysis of an uploaded file (<c>POST api/v1/getresult/file?request=</c>): its
        /// <c>Status</c> (in progress, complete, not started) and the answer as far as it goes.
        /// </summary>
        public async Task<FileAnalysisPoll> GetFileResultAsync(TipIndicator hash, CancellationToken cancellationToken)
        {
            RequireOpenTip();
            var relative = "api/v1/getresult/file?request=" + Uri.EscapeDataString(hash.Value);
            var (response, attempts) = await SendAsync(hash, () => new HttpRequestMessage(HttpMethod.Post, relative), cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var answer = await ReadResponseAsync(hash, response, Array.Empty<string>(), null, attempts).ConfigureAwait(false);
                return new FileAnalysisPoll(FileAnalysisPoll.ReadStatus(answer.RawJson), answer);
            }
        }

        private void RequireOpenTip()
        {
            if (_options.Service != PortalService.OpenTip)
            {
                throw new InvalidOperationException("File analysis goes to OpenTIP: TIP's sandbox endpoints are not documented enough to build against (tip-api.md §8.1).");
            }
        }

        public void Dispose()
        {
            _services.Dispose();
            _limiter.Dispose();
            DisposeCertificates();
        }

        private void DisposeCertificates()
        {
            _clientCertificate?.Dispose();
            if (_trustedCas != null) foreach (var ca in _trustedCas) ca.Dispose();
        }

        private HttpMessageHandler CreateHandler()
        {
            var handler = new HttpClientHandler
            {
                ClientCertificateOptions = ClientCertificateOption.Manual,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                {
                    var accepted = _validator.Validate(certificate, chain, errors, out var refusal);
                    // The reason travels with the request that opened the connection, so MapException words its own failure.
                    if (!accepted) request.Properties[TlsRefusalKey] = refusal;
                    return accepted;
                },
            };
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
            {
                // Windows PowerShell 5.1 may default to TLS 1.0; the portal needs 1.2.
                handler.SslProtocols = SslProtocols.Tls12;
            }

            if (_clientCertificate != null) handler.ClientCertificates.Add(_clientCertificate);
            if (_options.Proxy != null)
            {
                var credentials = string.IsNullOrEmpty(_options.ProxyUser) ? null : new NetworkCredential(_options.ProxyUser, _options.ProxyPassword ?? "");
                handler.Proxy = new TipWebProxy(_options.Proxy, _options.ProxyBypass, credentials);
                handler.UseProxy = true;
            }

            return handler;
        }

        private ResiliencePipeline<HttpResponseMessage> BuildPipeline(TimeSpan attemptTimeout, TimeSpan totalTimeout)
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
            // Outermost: a lookup keeps its slot through its back-off waits (a batch's own throttle does the same), and
            // the wait for a slot is not taken from its budget.
            builder.AddRateLimiter(_limiter);
            if (totalTimeout > TimeSpan.Zero)
            {
                // The budget of one lookup, every attempt and wait included: a server that accepts connections and never
                // answers costs a row this much, not (retries + 1) x AttemptTimeout plus the back-off.
                builder.AddTimeout(new TimeoutStrategyOptions
                {
                    Timeout = totalTimeout,
                    OnTimeout = args =>
                    {
                        args.Context.Properties.Set(BudgetSpentKey, true);
                        return default;
                    },
                });
            }

            if (_options.MaxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = _options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = _options.RetryBaseDelay > TimeSpan.Zero ? _options.RetryBaseDelay : TimeSpan.FromMilliseconds(1),
                    MaxDelay = _options.MaxRetryAfter > TimeSpan.Zero ? _options.MaxRetryAfter : (TimeSpan?)null,
                    ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context),
                    // Polly applies no MaxDelay to a generated delay: clamp here too, for every status (ShouldRetry already
                    // refuses a longer Retry-After; this keeps any path from waiting longer than MaxRetryAfter).
                    DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result != null ? Capped(RetryAfter(args.Outcome.Result)) : null),
                    OnRetry = args =>
                    {
                        var indicator = args.Context.Properties.GetValue(IndicatorKey, null!);
                        var status = args.Outcome.Result != null ? (int?)args.Outcome.Result.StatusCode : null;
                        var reason = DescribeFailure(args.Outcome);
                        args.Context.Properties.Set(LastFailureKey, reason);
                        var fromRetryAfter = args.Outcome.Result != null && Capped(RetryAfter(args.Outcome.Result)) == args.RetryDelay;
                        Retrying?.Invoke(this, new TipRetryEventArgs(indicator, args.AttemptNumber + 1, args.RetryDelay, status, reason, fromRetryAfter, _options.MaxRetries + 1));
                        return default;
                    },
                });
            }

            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                // Outages only: 5xx, attempts without an answer in time, refused or dropped connections. A 429 is the portal
                // pacing us, a 4xx is about one value, and a TLS refusal stops a batch by itself.
                ShouldHandle = args => new ValueTask<bool>(IsOutage(args.Outcome, args.Context.CancellationToken)),
                FailureRatio = BreakerFailureRatio,
                MinimumThroughput = BreakerMinimumThroughput(_options.MaxRetries),
                SamplingDuration = BreakerSamplingDuration,
                BreakDuration = BreakerBreakDuration,
                OnOpened = args =>
                {
                    Volatile.Write(ref _breakReason, DescribeFailure(args.Outcome));
                    Volatile.Write(ref _breakOnClosedConnection, args.Outcome.Exception != null && Contains<IOException>(args.Outcome.Exception));
                    return default;
                },
            });
            builder.AddTimeout(attemptTimeout);
            return builder.Build();
        }

        /// <summary>
        /// Attempts the breaker needs to see before it may open: more than one lookup makes (so one indicator the portal
        /// keeps failing cannot open it alone), and few enough that a silent server opens it after a round of timeouts
        /// rather than after twenty of them (five minutes at four at once, 15 s each).
        /// </summary>
        internal static int BreakerMinimumThroughput(int maxRetries) => Math.Max(BreakerMinimumAttempts, maxRetries + 2);

        private async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            if (outcome.Result != null)
            {
                var status = (int)outcome.Result.StatusCode;
                if (status != 429 && status < 500) return false;
                // OpenTIP's 429 means its limit is reached for the day (tip-api.md §7.2): waiting a second changes nothing.
                if (status == 429 && _options.Service == PortalService.OpenTip) return false;
                // A 429 for a spent quota will not pass until the quota resets: retrying only spends time (and maybe requests).
                if (status == 429 && IsQuotaSpent429(await ReadBodyAsync(outcome.Result).ConfigureAwait(false))) return false;
                var wait = RetryAfter(outcome.Result);
                // A wait longer than we accept, or than the lookup's budget still holds, fails now (rate limited / server
                // error, with the portal's Retry-After) instead of blocking the batch or ending as a timeout.
                return !(wait.HasValue && (wait.Value > _options.MaxRetryAfter || wait.Value > RemainingBudget(context)));
            }

            return IsTransient(outcome.Exception, context.CancellationToken);
        }

        private TimeSpan RemainingBudget(ResilienceContext context)
        {
            if (_options.TotalTimeout <= TimeSpan.Zero) return TimeSpan.MaxValue;
            var started = context.Properties.GetValue(BudgetStartKey, 0L);
            return _options.TotalTimeout - _time.GetElapsedTime(started);
        }

        /// <summary>What went wrong with one attempt, in words for a verbose line or a message; never a secret.</summary>
        private string DescribeFailure(Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Result != null) return "HTTP " + (int)outcome.Result.StatusCode;
            switch (outcome.Exception)
            {
                case null:
                    return "no answer";
                case TimeoutRejectedException _:
                    return "no answer within " + Format(AttemptTimeout);
                default:
                    return Scrub("the connection failed: " + Innermost(outcome.Exception));
            }
        }

        private TimeSpan AttemptTimeout => _options.AttemptTimeout > TimeSpan.Zero ? _options.AttemptTimeout : TimeSpan.FromSeconds(15);

        private static bool IsOutage(Outcome<HttpResponseMessage> outcome, CancellationToken token) =>
            outcome.Result != null ? (int)outcome.Result.StatusCode >= 500 : IsTransient(outcome.Exception, token);

        private static bool IsTransient(Exception? exception, CancellationToken token)
        {
            // A certificate problem or a server's TLS refusal does not fix itself; retrying only delays the message.
            if (exception != null && IsTlsFailure(exception)) return false;
            switch (exception)
            {
                case null:
                    return false;
                case TimeoutRejectedException _:
                    return true;
                case OperationCanceledException _:
                    return false;
                case Exception _ when IsProxyAuthenticationFailure(exception):
                    // Wrong proxy credentials do not fix themselves, and every retry is a failed login that can lock the account.
                    return false;
                case HttpRequestException _:
                case IOException _:
                case SocketException _:
                    return !token.IsCancellationRequested;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The handshake failed (a certificate this client refused, or an alert during it), or the server refused the
        /// client certificate with an alert after it (TLS 1.3, where that alert comes with the first read).
        /// </summary>
        private static bool IsTlsFailure(Exception exception) => Contains<AuthenticationException>(exception) || ServerTlsAlert.Find(exception) != null;

        /// <summary>
        /// The proxy answered 407 to the tunnel request. .NET reports it as an HttpRequestException (with StatusCode on
        /// .NET 5+, which netstandard2.0 cannot name), .NET Framework as a WebException carrying the response.
        /// </summary>
        private static bool IsProxyAuthenticationFailure(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is WebException web && web.Response is HttpWebResponse response && response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired) return true;
                if (e is HttpRequestException && e.GetType().GetProperty("StatusCode")?.GetValue(e) is HttpStatusCode status && status == HttpStatusCode.ProxyAuthenticationRequired) return true;
                if ((e is HttpRequestException || e is WebException)
                    && (e.Message.IndexOf("'407'", StringComparison.Ordinal) >= 0 || e.Message.IndexOf("(407)", StringComparison.Ordinal) >= 0
                        || e.Message.IndexOf("Proxy Authentication Required", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Contains<T>(Exception exception) where T : Exception
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is T) return true;
            }

            return false;
        }

        private TimeSpan? Capped(TimeSpan? wait) =>
            wait.HasValue && _options.MaxRetryAfter > TimeSpan.Zero && wait.Value > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;

        private TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - _time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        // The body is buffered (ResponseContentRead), so reading it here leaves it readable for ReadResponseAsync.
        private static async Task<string> ReadBodyAsync(HttpResponseMessage response) =>
            response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);

        /// <summary>
        /// A 429 that means the daily quota is spent, not pacing: its text names the quota or its LicenseInfo says so.
        /// Only this response counts: "rate limit exceeded" is pacing, and an older LicenseInfo may predate a reset.
        /// </summary>
        private static bool IsQuotaSpent429(string body) =>
            Regex.IsMatch(HtmlErrorText.Reduce(body, 0), @"quota", RegexOptions.IgnoreCase)
            || TipResponseParser.TryReadLicenseInfo(body)?.QuotaSpent == true;

        private async Task<TipApiResponse> ReadResponseAsync(TipIndicator indicator, HttpResponseMessage response, IReadOnlyCollection<string> sections, int? maxRecords, int attempts)
        {
            var body = await ReadBodyAsync(response).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            TipSections? parsed = null;
            JsonException? malformed = null;
            if (status == 200)
            {
                try
                {
                    parsed = TipResponseParser.Parse(body);
                }
                catch (JsonException ex)
                {
                    malformed = ex;
                }
            }
            // A 200 body is parsed once, its LicenseInfo with it (this runs while the request holds its throttle slot);
            // any other body is searched for LicenseInfo alone.
            var license = parsed != null ? parsed.LicenseInfo : TipResponseParser.TryReadLicenseInfo(body);
            if (license != null) Volatile.Write(ref _lastLicenseInfo, license);
            var requested = sections.ToList();

            if (status == 200)
            {
                if (malformed != null)
                {
                    var ex = malformed;
                    throw Fail(TipApiErrorKind.MalformedResponse,
                        $"The portal's answer for the {Describe(indicator)} is not valid JSON ({FirstLine(ex.Message)}; body starts: '{Excerpt(body, 60)}'). "
                        + "The other indicators are not affected; look this one up again later, and report it if it keeps happening.",
                        indicator, status);
                }

                return new TipApiResponse(indicator, status, true, parsed!, body, _time.GetUtcNow(), requested, maxRecords, _options.Service);
            }

            if (status == 404)
            {
                return new TipApiResponse(indicator, status, false, new TipSections(), "{}", _time.GetUtcNow(), requested, maxRecords, _options.Service);
            }

            var text = Excerpt(body, HtmlErrorText.DefaultMaxLength);
            if (_options.Service == PortalService.OpenTip)
            {
                var (kind, message) = OpenTipErrors.Describe(status, Describe(indicator), text, attempts);
                throw Fail(kind, message, indicator, status, status >= 500 || status == 429 ? RetryAfter(response) : null);
            }

            var portalSays = text.Length > 0 ? $" The portal said: \"{text}\"." : "";
            switch (status)
            {
                case 401 when _options.UsesApiToken:
                    throw Fail(TipApiErrorKind.Unauthorized,
                        $"The portal refused the API token for the lookup of the {Describe(indicator)} (401): the token is wrong, has expired, or was replaced by a newer one "
                        + "(requesting a token on the portal deletes the old one); or your organisation does not allow API tokens, or the portal's Terms of Use are not accepted. "
                        + "Request a token on the portal and store it with Set-TipSecret -ApiToken, or log in to the portal and accept the Terms of Use." + portalSays,
                        indicator, status);
                case 401:
                    throw Fail(TipApiErrorKind.Unauthorized,
                        $"The portal refused the lookup of the {Describe(indicator)} (401): the user or password is wrong, or the portal's Terms of Use are not accepted — "
                        + "log in to the portal and accept them, or fix the credential with Set-TipSecret." + portalSays,
                        indicator, status);
                case 403:
                    if (_options.UsesApiToken && IsTokenRefusedForService(text))
                    {
                        // tip-api.md §1: a token opens only Threat Lookup (and Digital Footprint, Data Feeds); other
                        // services, the sandbox among them, answer 403 to it.
                        throw Fail(TipApiErrorKind.Forbidden,
                            $"The portal does not take API tokens for the request for the {Describe(indicator)} (403): a token opens only the Threat Lookup API, "
                            + "and this API needs a client certificate. Store the user, password and client certificate Kaspersky issued with "
                            + "New-TipSecret -Credential -CertificatePath and use that secret with Set-TipSettings -Secret." + portalSays,
                            indicator, status);
                    }

                    if (IsQuota(text, license))
                    {
                        throw Fail(TipApiErrorKind.QuotaExceeded,
                            $"The portal refused the lookup of the {Describe(indicator)} (403): today's request quota is spent{QuotaFigures(license)}. "
                            + "Wait until the quota resets (daily) or ask your Kaspersky contact to raise it; cached results stay available with Get-TipLookup." + portalSays,
                            indicator, status);
                    }

                    if (_options.UsesApiToken)
                    {
                        throw Fail(TipApiErrorKind.Forbidden,
                            $"The portal refused the lookup of the {Describe(indicator)} (403): this account has no access to the Threat Lookup API, or its organisation does not allow API tokens. "
                            + "Ask your Kaspersky contact to enable API access (only Full accounts can use tokens), or sign in with a user and client certificate (New-TipSecret -Credential -CertificatePath)." + portalSays,
                            indicator, status);
                    }

                    throw Fail(TipApiErrorKind.Forbidden,
                        $"The portal refused the lookup of the {Describe(indicator)} (403): this account has no access to the Threat Lookup API, or the client certificate is not accepted for it. "
                        + "Ask your Kaspersky contact to enable API access for the account, or check the certificate in the secret." + portalSays,
                        indicator, status);
                case 400:
                    throw Fail(TipApiErrorKind.BadRequest,
                        $"The portal rejected the {Describe(indicator)} as a bad request (400): the value or the requested sections are not acceptable for this lookup type. "
                        + "Check the value and the -Section names (Get-Help Invoke-TipLookup lists them)." + portalSays,
                        indicator, status);
                case 414:
                    throw Fail(TipApiErrorKind.UriTooLong,
                        $"The portal rejected the {Describe(indicator)} as too long (414): an encoded value may have at most {TipRequestUri.MaxValueLength} characters. "
                        + "Shorten it, for example drop the query string, and look it up again." + portalSays,
                        indicator, status);
                case 429:
                    if (IsQuotaSpent429(body))
                    {
                        throw Fail(TipApiErrorKind.QuotaExceeded,
                            $"The portal refused the lookup of the {Describe(indicator)} (429): today's request quota is spent{QuotaFigures(license)}. "
                            + "Wait until the quota resets (daily) or ask your Kaspersky contact to raise it; cached results stay available with Get-TipLookup." + portalSays,
                            indicator, status, RetryAfter(response));
                    }

                    var wait = RetryAfter(response);
                    var waitText = wait.HasValue ? $"; it asks to wait {Format(wait.Value)}" : "";
                    throw Fail(TipApiErrorKind.RateLimited,
                        $"The portal is rate limiting requests (429) and the lookup of the {Describe(indicator)} did not succeed after {attempts} attempt{Plural(attempts)}{waitText}. "
                        + "Run it again later or lower -ThrottleLimit." + portalSays,
                        indicator, status, wait);
                default:
                    if (status >= 500)
                    {
                        throw Fail(TipApiErrorKind.ServerError,
                            $"The portal failed to answer the lookup of the {Describe(indicator)} ({status}) after {attempts} attempt{Plural(attempts)}. "
                            + "It is a problem on the portal's side; run the lookup again later." + portalSays,
                            indicator, status, RetryAfter(response));
                    }

                    throw Fail(TipApiErrorKind.Unexpected,
                        $"The portal answered the lookup of the {Describe(indicator)} with an unexpected status {status}. Run it again later; report it if it persists." + portalSays,
                        indicator, status);
            }
        }

        private TipApiException MapException(TipIndicator indicator, Exception exception, int attempts, string? tlsRefusal, bool budgetSpent, string? lastFailure)
        {
            var endpoint = _options.Endpoint.Host;
            switch (exception)
            {
                case TipApiException api:
                    return api;
                case TimeoutRejectedException _ when budgetSpent:
                    var last = lastFailure != null ? "; the last failure: " + lastFailure : "";
                    return Fail(TipApiErrorKind.Timeout,
                        $"No answer from {endpoint} for the {Describe(indicator)} within {Format(_options.TotalTimeout)}, the time one lookup may take with its retries "
                        + $"({attempts} attempt{Plural(attempts)}{last}). Check the network and proxy settings (Set-TipSettings -Proxy) and whether the portal answers "
                        + "(Test-TipConnection), then run the lookup again.",
                        indicator, null, null, exception);
                case TimeoutRejectedException _:
                case OperationCanceledException _:
                    return Fail(TipApiErrorKind.Timeout,
                        $"No answer from {endpoint} for the {Describe(indicator)} within {Format(AttemptTimeout)} per attempt, after {attempts} attempt{Plural(attempts)}. "
                        + "Check the network and proxy settings (Set-TipSettings -Proxy) and whether the portal answers (Test-TipConnection), then run the lookup again.",
                        indicator, null, null, exception);
                case BrokenCircuitException _:
                    var reason = Volatile.Read(ref _breakReason);
                    var because = reason != null ? $" (the last: {reason})" : "";
                    var closedHint = _clientCertificate != null && Volatile.Read(ref _breakOnClosedConnection)
                        ? " A portal that refuses the client certificate also closes connections like this: check the PFX in the secret (Set-TipSecret -CertificatePath)."
                        : "";
                    return Fail(TipApiErrorKind.CircuitOpen,
                        $"{endpoint} is not answering: most recent attempts failed{because}, so the client sends nothing to it for {Format(BreakerBreakDuration)} "
                        + $"and the lookup of the {Describe(indicator)} was not sent. Check the network and proxy settings (Set-TipSettings -Proxy) and whether "
                        + "the portal answers (Test-TipConnection), then run the lookup again." + closedHint,
                        indicator, null, null, exception);
                case Polly.RateLimiting.RateLimiterRejectedException _:
                    return Fail(TipApiErrorKind.Network,
                        $"The lookup of the {Describe(indicator)} was not sent: the client's request queue for {endpoint} is full. Run it again with a smaller batch.",
                        indicator, null, null, exception);
            }

            if (IsTlsFailure(exception))
            {
                var refusal = tlsRefusal;
                if (refusal != null)
                {
                    return Fail(TipApiErrorKind.CertificateInvalid,
                        $"The TLS connection to {endpoint} for the {Describe(indicator)} was refused by this client: {refusal}. "
                        + "If a TLS-inspecting proxy or the simulator signs the portal's certificate, trust its CA with Set-TipSettings -TrustedCaPath.",
                        indicator, null, null, exception);
                }

                var alert = ServerTlsAlert.Find(exception);
                if (alert != null)
                {
                    return Fail(TipApiErrorKind.CertificateInvalid,
                        $"{endpoint} refused the TLS connection for the {Describe(indicator)}: it sent the TLS alert '{alert.Name}', which means {alert.Meaning}. "
                        + alert.Action,
                        indicator, null, null, exception);
                }

                return Fail(TipApiErrorKind.CertificateInvalid,
                    $"The TLS handshake with {endpoint} failed for the {Describe(indicator)} ({Innermost(exception)}). "
                    + (_clientCertificate != null ? "The portal may have refused the client certificate: check the PFX in the secret (Set-TipSecret -CertificatePath). " : "")
                    + "If a TLS-inspecting proxy is in the way, trust its CA with Set-TipSettings -TrustedCaPath.",
                    indicator, null, null, exception);
            }

            if (_options.Proxy != null && IsProxyAuthenticationFailure(exception))
            {
                var given = string.IsNullOrEmpty(_options.ProxyUser) ? "no proxy credential is set" : "the proxy refused the stored proxy credential";
                return Fail(TipApiErrorKind.ProxyAuthenticationRequired,
                    $"The proxy {_options.Proxy.Host} asks for a login (407) and {given}, so the lookup of the {Describe(indicator)} was not sent. "
                    + "Set the proxy's user and password with Set-TipSettings -ProxyCredential (Get-Credential); nothing is retried, so a wrong password does not lock the account.",
                    indicator, 407, null, exception);
            }

            var proxyHint = _options.Proxy != null ? $" through the proxy {_options.Proxy.Host}" : "";
            // With TLS 1.3 a server refusing the client certificate just closes the connection after the handshake,
            // which looks like a drop; say so, since a drop on every attempt is the usual sign.
            var certificateHint = _clientCertificate != null && Contains<IOException>(exception)
                ? " If this keeps happening, the portal may be refusing the client certificate (a refused certificate shows up as a closed connection): check the PFX in the secret (Set-TipSecret -CertificatePath)."
                : "";
            return Fail(TipApiErrorKind.Network,
                $"Could not reach {endpoint}{proxyHint} for the {Describe(indicator)} after {attempts} attempt{Plural(attempts)} ({Innermost(exception)}). "
                + "Check the network, DNS and proxy settings (Set-TipSettings -Proxy), then run the lookup again." + certificateHint,
                indicator, null, null, exception);
        }

        private TipApiException Fail(TipApiErrorKind kind, string message, TipIndicator indicator, int? status, TimeSpan? retryAfter = null, Exception? inner = null) =>
            new TipApiException(kind, Scrub(message), indicator, status, retryAfter, inner);

        /// <summary>
        /// A body reduced to a line for a message. Secrets are scrubbed before the length cap (a cut secret would escape
        /// the scrub) and again after decoding (an entity-encoded secret would escape the first).
        /// </summary>
        private string Excerpt(string body, int maxLength) => HtmlErrorText.Reduce(Scrub(HtmlErrorText.Reduce(Scrub(body), 0)), maxLength);

        /// <summary>Defence in depth: a portal or proxy echoing a secret must not put it into a message.</summary>
        private string Scrub(string message)
        {
            foreach (var secret in _secrets)
            {
                message = message.Replace(secret, "*****");
            }

            return message;
        }

        /// <summary>
        /// The portal's 403 for a token on a service that takes none: "running requests by using an API token is
        /// forbidden for this service" (tip-api.md §1, the sandbox help).
        /// </summary>
        internal static bool IsTokenRefusedForService(string text) =>
            Regex.IsMatch(text, @"\btoken\b", RegexOptions.IgnoreCase)
            && Regex.IsMatch(text, @"forbidden|not\s+allowed|only\s+for|can\s+use\s+an\s+api\s+token\s+only", RegexOptions.IgnoreCase);

        private bool IsQuota(string text, TipLicenseInfo? license) =>
            Regex.IsMatch(text, @"quota|limit\s+(is\s+)?exceeded|request\s+limit", RegexOptions.IgnoreCase)
            || (license ?? LastLicenseInfo)?.QuotaSpent == true;

        private string QuotaFigures(TipLicenseInfo? license)
        {
            license ??= LastLicenseInfo;
            return license?.DayQuota != null ? $" ({license.DayRequests ?? 0} of {license.DayQuota} requests today)" : "";
        }

        private static string Describe(TipIndicator indicator) => $"{TipRequestUri.Describe(indicator)} '{TipRequestUri.Shorten(indicator.Value)}'";

        private static string Innermost(Exception exception)
        {
            var e = exception;
            while (e.InnerException != null) e = e.InnerException;
            return FirstLine(e.Message);
        }

        private static string FirstLine(string text)
        {
            var i = text.IndexOfAny(new[] { '\r', '\n' });
            return (i >= 0 ? text.Substring(0, i) : text).Trim().TrimEnd('.');
        }

        private static string Plural(int n) => n == 1 ? "" : "s";

        private static string Format(TimeSpan span) => Durations.Format(span);
    }
}
