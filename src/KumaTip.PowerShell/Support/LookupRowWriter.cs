using System;
using System.Management.Automation;
using KumaTip.Core.Lookups;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Writes one lookup output the way the lookup cmdlets and jobs do: a result object, or with -PassThru the incoming
    /// row with the Tip* columns added (failures included); an error record for a failure; and at the end one warning
    /// for a spent quota and one error for a refused connection — never one per row.
    /// </summary>
    internal sealed class LookupRowWriter
    {
        private readonly bool _passThru;
        private readonly Action<object> _writeObject;
        private readonly Action<ErrorRecord> _writeError;

        public LookupRowWriter(bool passThru, Action<object> writeObject, Action<ErrorRecord> writeError)
        {
            _passThru = passThru;
            _writeObject = writeObject;
            _writeError = writeError;
        }

        public void Write(LookupOutput output)
        {
            var row = output.Request.Row as LookupRow;
            if (row?.Problem != null)
            {
                _writeError(new ErrorRecord(new ArgumentException(row.Problem), "InvalidIndicator", ErrorCategory.InvalidArgument, row.Row));
                if (_passThru) _writeObject(Enrich(row.Row, output, row.Problem));
                return;
            }
            if (output.Outcome == LookupOutcome.Error && output.Error != null)
            {
                _writeError(LookupErrors.Record(output.Error, LookupErrors.TargetOf(output)));
            }
            if (_passThru && row != null)
            {
                _writeObject(Enrich(row.Row, output, null));
            }
            else if (output.Result != null)
            {
                _writeObject(output.Result);
            }
        }

        /// <summary>After the batch: the one error that stopped it, and the quota warning.</summary>
        public void Finish(LookupSession session, Action<string> writeWarning)
        {
            if (session.FatalError != null)
            {
                _writeError(LookupErrors.Record(session.FatalError, (object?)session.Task ?? session.Tenant));
            }
            if ((session.StopReason == LookupStopReason.QuotaSpent || session.StopReason == LookupStopReason.CapReached) && session.StopMessage != null)
            {
                writeWarning(session.StopMessage);
            }
            if (session.StoreRecoveredMessage != null) writeWarning(session.StoreRecoveredMessage);
            if (session.UnstoredMessage != null) writeWarning(session.UnstoredMessage);
            if (session.NotApplicableSectionsMessage != null) writeWarning(session.NotApplicableSectionsMessage);
        }

        private static PSObject Enrich(PSObject row, LookupOutput output, string? problem)
        {
            var values = EnrichmentColumns.ValuesFor(output);
            if (problem != null) values[values.Length - 1] = problem;
            for (var i = 0; i < EnrichmentColumns.Names.Length; i++)
            {
                var name = EnrichmentColumns.Names[i];
                if (row.Properties[name] != null) row.Properties.Remove(name);
                row.Properties.Add(new PSNoteProperty(name, values[i]));
            }
            return row;
        }
    }
}
