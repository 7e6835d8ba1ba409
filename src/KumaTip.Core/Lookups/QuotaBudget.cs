using System;
using System.Threading;
using KumaTip.Core.Api;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What one batch may still spend: a request is sent only while the day quota as last seen allows it, counting the
    /// requests already on the wire (quota − max(the portal's count, ours) − in flight), and only while the run's own
    /// cap (-MaxRequests) allows it. With the quota not known yet (the first request of the day, a new secret) one
    /// request goes alone and the rest wait for its answer to show the quota. So with Q allowed and U used a run
    /// sends exactly Q − U requests and the portal refuses none.
    /// </summary>
    internal sealed class QuotaBudget
    {
        private readonly object _gate = new object();
        private readonly int? _cap;
        private int? _quota;
        private int _usedBefore;
        private int _answered;
        private int _portalCount;
        private int _inFlight;
        private int _sent;
        private bool _probe;

        /// <param name="quota">The day quota, when an answer of today showed it.</param>
        /// <param name="used">Requests counted against it today (the portal's figure or our ledger's, whichever is higher).</param>
        /// <param name="cap">-MaxRequests for this run; null = no cap.</param>
        /// <param name="probeWhenSpent">
        /// A restart "after the quota resets": the portal's day may not be ours (UTC), so when the quota as last seen is
        /// spent, one request still goes alone and its answer tells (a refusal past the quota costs nothing).
        /// </param>
        public QuotaBudget(int? quota, int used, int? cap, bool probeWhenSpent = false)
        {
            _probe = probeWhenSpent;
            _quota = quota;
            _usedBefore = Math.Max(0, used);
            _cap = cap;
        }

        /// <summary>Signalled whenever an answer settles, so a request waiting for the first answer looks again.</summary>
        public SemaphoreSlim Changed { get; } = new SemaphoreSlim(0);

        public int Sent
        {
            get { lock (_gate) return _sent; }
        }

        public int? Quota
        {
            get { lock (_gate) return _quota; }
        }

        /// <summary>
        /// Requests counted against the quota today: ours (before this run plus answered in it) or the portal's latest
        /// figure, whichever is higher. The portal's figure may already include requests still on the wire; those are
        /// counted twice while in flight (the safe side) and once when answered.
        /// </summary>
        public int Used
        {
            get { lock (_gate) return UsedLocked; }
        }

        private int UsedLocked => Math.Max(_usedBefore + _answered, _portalCount);

        /// <summary>Takes one request's worth of budget, or says why not.</summary>
        public QuotaDecision TryReserve()
        {
            lock (_gate)
            {
                if (_cap.HasValue && _sent >= _cap.Value) return QuotaDecision.CapReached;
                if (_quota is int quota && quota - UsedLocked - _inFlight <= 0)
                {
                    if (!_probe || _sent > 0 || _inFlight > 0) return _inFlight > 0 ? QuotaDecision.Wait : QuotaDecision.QuotaSpent;
                    // The probe: what was seen before may be another day's; the answer's LicenseInfo is the truth.
                    _quota = null;
                    _usedBefore = 0;
                    _portalCount = 0;
                }
                if (!_quota.HasValue && _inFlight > 0) return QuotaDecision.Wait; // unknown: the first answer tells
                _inFlight++;
                _sent++;
                return QuotaDecision.Go;
            }
        }

        /// <summary>
        /// A reserved request is over. <paramref name="answered"/>: the portal answered it (so it counted);
        /// <paramref name="license"/>: the LicenseInfo that came with it, if any.
        /// </summary>
        public void Settle(bool answered, TipLicenseInfo? license)
        {
            lock (_gate)
            {
                _inFlight--;
                if (answered) _answered++;
                if (license?.DayQuota is int quota)
                {
                    _quota = quota;
                    if (license.DayRequests is int portal && portal > _portalCount) _portalCount = portal;
                }
            }
            Changed.Release();
        }
    }
}
