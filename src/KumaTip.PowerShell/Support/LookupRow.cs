using System.Management.Automation;

namespace KumaTip.PowerShell.Support
{
    /// <summary>An incoming object being enriched (-InputObject -Property -PassThru), and why it has no value when it has none.</summary>
    internal sealed class LookupRow
    {
        public LookupRow(PSObject row, string? problem)
        {
            Row = row;
            Problem = problem;
        }

        public PSObject Row { get; }

        /// <summary>Set when the row has no usable value in the -Property column.</summary>
        public string? Problem { get; }
    }
}
