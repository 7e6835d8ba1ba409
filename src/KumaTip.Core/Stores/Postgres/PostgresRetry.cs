using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Polly;
using Polly.Retry;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// Tries an operation on the team store again when the connection failed for a passing reason (refused or dropped
    /// connection, timeout, a server starting up or out of connection slots). A refused login, a missing database, a
    /// schema mismatch or any other answer of the server is final: retrying cannot change it.
    /// </summary>
    internal sealed class PostgresRetry
    {
        public static readonly PostgresRetry Default = new PostgresRetry(2, TimeSpan.FromMilliseconds(500));

        private readonly ResiliencePipeline _pipeline;

        public PostgresRetry(int retries, TimeSpan delay, TimeProvider? time = null)
        {
            var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
            if (retries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = retries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1),
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
                });
            }
            _pipeline = builder.Build();
        }

        public Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
            => _pipeline.ExecuteAsync(async token => await work(token).ConfigureAwait(false), cancellationToken).AsTask();

        internal static bool IsTransient(Exception ex, CancellationToken cancellationToken)
            => !cancellationToken.IsCancellationRequested && PostgresErrors.IsTransient(ex);
    }
}
