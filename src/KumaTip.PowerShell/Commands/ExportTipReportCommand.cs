using System;
using System.IO;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.Core.Reports;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Writes lookup results to an HTML, CSV or JSON report file for tickets, spreadsheets and other tools, and returns the file.</summary>
    /// <remarks>
    /// Export-TipReport takes the results of Invoke-TipLookup (or Get-TipLookup) from the pipeline and writes them to
    /// -Path as they arrive, so a report of a hundred thousand results does not have to fit in memory. The format
    /// follows the extension (.html or .htm, .csv, .json); -Format overrides it.
    ///
    /// HTML is one self-contained page for people who will not run PowerShell: a summary with the count of results per
    /// zone as a bar chart, then one card per indicator laid out like KUMA's: type, value and time received, the zone in
    /// its colour, general info, categories with their zones, WHOIS (dates, name servers, registrar, contacts) and an
    /// "Open in Kaspersky TIP" link. WHOIS and contact fields are written by attackers, so every value is encoded, the
    /// page carries no script, a Content-Security-Policy forbids scripts and network fetches, and only http and https
    /// addresses become links.
    ///
    /// CSV has flat columns (Indicator, Type, Zone, Status, Categories, Found, ReceivedAt in ISO 8601 UTC, FromCache,
    /// PortalUrl and key general-info and WHOIS fields). A cell that begins with = + - @, a tab or a carriage return gets a
    /// leading apostrophe so that a spreadsheet shows it as text and never runs it as a formula.
    ///
    /// JSON is an array of results with every section and the portal's raw answer embedded as JSON.
    ///
    /// The report is written to a temporary file in the same folder and moved into place when complete, so a failure
    /// or Ctrl+C never leaves half a report. An existing file is only replaced with -Force. Objects that are not lookup
    /// results produce a non-terminating error (ReportInputNotLookupResult) naming what arrived; the others are written.
    /// Relative paths are resolved against the current PowerShell location.
    /// </remarks>
    /// <example>
    /// <code>Import-TipIndicator -Path .\iocs.csv | Invoke-TipLookup | Export-TipReport -Path .\INC-4711.html</code>
    /// <para>Enriches the indicators of an incident's CSV export and writes a page to attach to the ticket; the FileInfo of the report is returned.</para>
    /// </example>
    /// <example>
    /// <code>$results = Get-Content .\hashes.txt | Invoke-TipLookup
    /// $results | Export-TipReport -Path .\enriched.csv -Force
    /// $results | Where-Object Zone -eq Red | Export-TipReport -Path .\red.html -Force</code>
    /// <para>A runbook step: writes every result to a CSV for the SIEM import, replacing yesterday's file, and only the red ones to a page for the on-call analyst.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-TipLookup -Indicator evil.example, 185.220.101.4 | Export-TipReport -Path .\lookup.txt -Format Json</code>
    /// <para>Writes the full results, raw portal answers included, as JSON to a file whose extension does not say the format.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipLookup -Zone Red, Orange | Export-TipReport -Path \\share\soc\daily.html -Force -WhatIf</code>
    /// <para>Shows which report a scheduled daily export of the red and orange results in the cache would replace, without writing it; Get-TipLookup reads the cache only and spends no quota.</para>
    /// </example>
    [Cmdlet(VerbsData.Export, "TipReport", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Export-TipReport.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportTipReportCommand : TipCmdlet, IDisposable
    {
        /// <summary>Lookup results (TipLookupResult objects from Invoke-TipLookup or Get-TipLookup), usually from the pipeline. Other objects are reported as errors and skipped.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject?[] InputObject { get; set; } = Array.Empty<PSObject>();

        /// <summary>The report file to write. Its extension (.html, .htm, .csv, .json) chooses the format unless -Format is given. Relative paths are resolved against the current location.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>The report format: Html, Csv or Json. Overrides the format the extension of -Path implies.</summary>
        [Parameter]
        public ReportFormat Format { get; set; }

        /// <summary>Replaces an existing file. Without it, Export-TipReport refuses to overwrite a file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private string? _destination;
        private string? _temporary;
        private FileStream? _stream;
        private ReportWriter? _writer;

        protected override void BeginProcessing()
        {
            var destination = ResolveDestination();
            var format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : FormatFromPath(destination);

            if (Directory.Exists(destination))
            {
                ThrowTerminatingError(Error(new ArgumentException("'" + destination + "' is a folder; name the report file, e.g. '" + System.IO.Path.Combine(destination, "report.html") + "'."),
                    "ReportPathIsFolder", ErrorCategory.InvalidArgument, Path));
            }
            if (File.Exists(destination) && !Force)
            {
                ThrowTerminatingError(Error(new IOException("The file '" + destination + "' already exists; use -Force to replace it, or choose another -Path."),
                    "ReportFileExists", ErrorCategory.ResourceExists, destination));
            }
            var folder = System.IO.Path.GetDirectoryName(destination);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                ThrowTerminatingError(Error(new DirectoryNotFoundException("The folder of '" + destination + "' does not exist; create it first (New-Item -ItemType Directory)."),
                    "ReportFolderNotFound", ErrorCategory.ObjectNotFound, destination));
            }
            if (!ShouldProcess(destination, "Write " + format + " report")) return;

            // A hidden temporary file in the same folder: the final move is then a rename on the same volume.
            _temporary = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
                _writer = ReportWriter.Create(format, _stream, DateTimeOffset.UtcNow);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Cleanup();
                ThrowTerminatingError(Error(new IOException("Cannot write the report in '" + folder + "': " + ex.Message, ex), "ReportFileUnwritable", ErrorCategory.WriteError, destination));
            }
            _destination = destination;
            WriteVerbose("Writing a " + format + " report to '" + destination + "'.");
        }

        protected override void ProcessRecord()
        {
            if (_writer == null || InputObject == null) return;
            foreach (var item in InputObject)
            {
                if (item?.BaseObject is TipLookupResult result)
                {
                    _writer.Write(result);
                    continue;
                }
                WriteError(Error(new ArgumentException(Describe(item) + " is not a lookup result; Export-TipReport writes the TipLookupResult objects that Invoke-TipLookup and Get-TipLookup return. It was skipped."),
                    "ReportInputNotLookupResult", ErrorCategory.InvalidArgument, item));
            }
        }

        protected override void EndProcessing()
        {
            if (_writer == null || _stream == null || _temporary == null || _destination == null) return;
            var written = _writer.Count;
            try
            {
                _writer.Complete();
                _writer.Dispose();
                _writer = null;
                _stream.Flush(true);
                _stream.Dispose();
                _stream = null;
                if (File.Exists(_destination))
                {
                    File.Replace(_temporary, _destination, null);
                }
                else
                {
                    File.Move(_temporary, _destination);
                }
                _temporary = null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Cleanup();
                ThrowTerminatingError(Error(new IOException("Cannot write the report '" + _destination + "': " + ex.Message, ex), "ReportFileUnwritable", ErrorCategory.WriteError, _destination));
            }
            WriteVerbose("Wrote " + written.ToString(System.Globalization.CultureInfo.InvariantCulture) + " results to '" + _destination + "'.");
            WriteObject(new FileInfo(_destination));
        }

        /// <summary>The engine disposes the cmdlet after the pipeline, also after a failure or Ctrl+C: the unfinished temporary file goes.</summary>
        public void Dispose() => Cleanup();

        private void Cleanup()
        {
            _writer?.Dispose();
            _writer = null;
            _stream?.Dispose();
            _stream = null;
            if (_temporary != null)
            {
                try { File.Delete(_temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                _temporary = null;
            }
        }

        private string ResolveDestination()
        {
            try
            {
                var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    ThrowTerminatingError(Error(new ArgumentException("'" + Path + "' is not a file-system path; Export-TipReport writes files."), "ReportPathNotFileSystem", ErrorCategory.InvalidArgument, Path));
                }
                return resolved;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
            {
                ThrowTerminatingError(Error(ex, "ReportPathInvalid", ErrorCategory.InvalidArgument, Path));
                throw;
            }
        }

        private ReportFormat FormatFromPath(string destination)
        {
            if (ReportFormats.TryFromPath(destination, out var format)) return format;
            ThrowTerminatingError(Error(new ArgumentException("Cannot tell the report format from the file name '" + destination + "': use the extension .html, .htm, .csv or .json, or add -Format Html|Csv|Json."),
                "ReportFormatUnknown", ErrorCategory.InvalidArgument, Path));
            throw new InvalidOperationException("unreachable");
        }

        private static string Describe(PSObject? item)
        {
            if (item == null) return "$null";
            var typeName = item.BaseObject?.GetType().FullName ?? "object";
            if (item.BaseObject is PSCustomObject && item.TypeNames.Count > 0) typeName = item.TypeNames[0];
            var text = item.ToString();
            if (text.Length > 80) text = text.Substring(0, 77) + "...";
            return "A " + typeName + " ('" + text + "')";
        }
    }
}
