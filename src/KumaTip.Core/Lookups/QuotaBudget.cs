using System;
using System.Collections.Generic;
using System.Threading;
using KumaTip.Core.Api;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What one batch may still spend: a request is sent only while the day quota as last seen allows it, counting the
    /// requests already on the wire (quota − max(the portal's count, ours) − in flight), and only while the run's own
    /// cap (-MaxRequests) allows it. With the quota not known yet (the first request of the day, a new secret) one
    /// request goes alone and the rest wait for its answer to show the quota. So with Q allowed and U used a run
    /// sends exactly Q − U requests and the portal refuses none. With a <see cref="SharedQuota"/> (a data directory
    /// other processes may use) each request also takes a reservation in the shared ledger first, so the count is
    /// every process's: together they still send no more than Q − U.
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
        private readonly bool _quotaShown;
        private SharedQuota? _shared;
        private bool _begun;
        private int _sharedUsed;
        // Shared grants: of the requests on the wire (null without a shared ledger), oldest first — they are alike, so an
        // answer settles any one; and requests' worth granted but not sent yet.
        private readonly Queue<string?> _onTheWire = new Queue<string?>();
        private readonly Queue<string> _granted = new Queue<string>();

        /// <summary>
        /// Requests' worth taken from the shared ledger in one grant at most: one commit (about 5 ms) serves several waves of
        /// requests instead of holding up each. Near the boundary a grant is smaller: never more than half of what is left.
        /// </summary>
        internal const int MaxGrant = 64;

        /// <summary>How soon a request waiting on another process's requests looks again: nothing here signals their answers.</summary>
        internal static readonly TimeSpan SharedPoll = TimeSpan.FromMilliseconds(50);

        /// <param name="quota">The day quota, when an answer of today showed it.</param>
        /// <param name="used">Requests counted against it today (the portal's figure or our ledger's, whichever is higher).</param>
        /// <param name="cap">-MaxRequests for this run; null = no cap.</param>
        /// <param name="probeWhenSpent">
        /// A restart "after the quota resets": the portal's day may not be ours (UTC), so when the quota as last seen is
        /// spent, one request still goes alone and its answer tells (a refusal past the quota costs nothing).
        /// </param>
        /// <param name="shared">The data directory's shared ledger, when other processes may spend from the same quota; null = this process alone.</param>
        /// <param name="quotaShown">
        /// False for a service whose answers never show the quota (OpenTIP): waiting for the first answer to show it would
        /// send every request alone; its refusal (403/429) stops the batch instead.
        /// </param>
        public QuotaBudget(int? quota, int used, int? cap, bool probeWhenSpent = false, SharedQuota? shared = null, bool quotaShown = true)
        {
            _quotaShown = quotaShown;
            _probe = probeWhenSpent;
            _quota = quota;
            _usedBefore = Math.Max(0, used);
            _cap = cap;
            _shared = shared;
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
            get { lock (_gate) return Math.Max(UsedLocked, _sharedUsed); }
        }

        private int UsedLocked => Math.Max(_usedBefore + _answered, _portalCount);

        /// <summary>Takes one request's worth of budget, or says why not.</summary>
        public QuotaDecision TryReserve()
        {
            Begin();
            bool alone;
            int? quota;
            int usedBefore, portalCount, wanted;
            lock (_gate)
            {
                if (_cap.HasValue && _sent >= _cap.Value) return QuotaDecision.CapReached;
                alone = false;
                if (_quota is int known && known - UsedLocked - _inFlight <= 0)
                {
                    if (!_probe || _sent > 0 || _inFlight > 0) return _inFlight > 0 ? QuotaDecision.Wait : QuotaDecision.QuotaSpent;
                    // The probe: what was seen before may be another day's; the answer's LicenseInfo is the truth.
                    _quota = null;
                    _usedBefore = 0;
                    _portalCount = 0;
                    alone = true;
                }
                if (!_quota.HasValue && _inFlight > 0 && _quotaShown) return QuotaDecision.Wait; // unknown: the first answer tells
                if (_shared == null || _granted.Count > 0)
                {
                    _onTheWire.Enqueue(_shared == null ? (string?)null : _granted.Dequeue());
                    _inFlight++;
                    _sent++;
                    return QuotaDecision.Go;
                }
                quota = _quota;
                usedBefore = _usedBefore;
                portalCount = _portalCount;
                // As many as this process may still send (its view of the quota, its cap), up to one grant.
                wanted = Math.Min(MaxGrant, Math.Min(quota is int q ? q - UsedLocked - _inFlight : 1, _cap.HasValue ? _cap.Value - _sent : int.MaxValue));
                _inFlight++;
                _sent++;
            }
            return ReserveShared(alone, quota, usedBefore, portalCount, alone ? 1 : wanted);
        }

        /// <summary>This process allows the request (and has counted it); the shared ledger decides for every process.</summary>
        private QuotaDecision ReserveShared(bool alone, int? quota, int usedBefore, int portalCount, int wanted)
        {
            SharedReservation reservation;
            try
            {
                reservation = _shared!.Reserve(quota, usedBefore, portalCount, alone, wanted);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // The store does not answer (the lookup stops on that by itself): this process's budget alone decides.
                lock (_gate)
                {
                    _shared = null;
                    _onTheWire.Enqueue(null);
                }
                return QuotaDecision.Go;
            }
            lock (_gate)
            {
                if (reservation.LearnedQuota is int learned && !_quota.HasValue)
                {
                    _quota = learned;
                    _usedBefore = reservation.UsedBefore;
                }
                if (reservation.Decision == QuotaDecision.Go)
                {
                    var grant = reservation.Grant!;
                    _onTheWire.Enqueue(grant);
                    for (var i = 1; i < reservation.Count; i++) _granted.Enqueue(grant);
                    return QuotaDecision.Go;
                }
                _inFlight--;
                _sent--;
                if (reservation.Used is int used) _sharedUsed = used;
            }
            if (reservation.Decision == QuotaDecision.Wait)
            {
                // Another process's requests decide; their answers signal nothing here, so look again shortly.
                _ = System.Threading.Tasks.Task.Delay(SharedPoll).ContinueWith(_ => Changed.Release(), System.Threading.Tasks.TaskScheduler.Default);
            }
            return reservation.Decision;
        }

        /// <summary>Once, before the first request: where the shared ledger says the day stands (consistent with what it counts later).</summary>
        private void Begin()
        {
            SharedQuota? shared;
            lock (_gate)
            {
                if (_begun) return;
                _begun = true;
                shared = _shared;
            }
            if (shared == null) return;
            try
            {
                var (quota, used) = shared.Begin();
                lock (_gate)
                {
                    if (quota.HasValue) _quota ??= quota;
                    if (_quota.HasValue) _usedBefore = Math.Max(0, used);
                }
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                lock (_gate) _shared = null;
            }
        }

        /// <summary>
        /// A reserved request is over. <paramref name="answered"/>: the portal answered it (so it counted);
        /// <paramref name="license"/>: the LicenseInfo that came with it, if any.
        /// </summary>
        public void Settle(bool answered, TipLicenseInfo? license)
        {
            string? grant;
            SharedQuota? shared;
            List<string>? unused = null;
            lock (_gate)
            {
                grant = _onTheWire.Count > 0 ? _onTheWire.Dequeue() : null;
                shared = _shared;
                _inFlight--;
                if (answered) _answered++;
                if (license?.DayQuota is int quota)
                {
                    _quota = quota;
                    if (license.DayRequests is int portal && portal > _portalCount) _portalCount = portal;
                }
                // Not answered: the portal did not count it, so its worth serves the next request.
                if (!answered && grant != null && shared != null) _granted.Enqueue(grant);
                // Nothing of ours on the wire: the run has ended or waits, so what was granted and not sent goes back to
                // the others now rather than at the lease's end.
                if (_inFlight == 0 && _granted.Count > 0 && shared != null)
                {
                    unused = new List<string>(_granted);
                    _granted.Clear();
                }
            }
            if (shared != null)
            {
                if (answered && grant != null) shared.Answered(grant, license);
                if (unused != null)
                {
                    try
                    {
                        shared.GiveBack(unused);
                    }
                    catch (Exception ex) when (!(ex is OutOfMemoryException))
                    {
                        // Not given back: it counts until the grant's lease ends (the safe side).
                    }
                }
            }
            Changed.Release();
        }
    }
}
