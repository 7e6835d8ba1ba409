using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using KumaTip.Core.Indicators;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Reads indicators (domains, URLs, IP addresses, MD5/SHA-1/SHA-256 hashes) from files, prose or the pipeline, refanged and normalized.</summary>
    /// <remarks>
    /// Import-TipIndicator turns what analysts paste and export into clean indicators for Invoke-TipLookup. It refangs
    /// every common style (hxxp, h**p, fxp, [.], (.), {.}, [dot], \., [:], [://], [@], [at], spaces around a bracketed
    /// dot), classifies each value (32/40/64 hex digits are MD5/SHA-1/SHA-256; a scheme or a path makes a URL) and
    /// normalizes it: domains lower-case and punycode (the Unicode form is kept in UnicodeValue), URLs with lower-case
    /// scheme and host and without default port or fragment, IPv4 in dotted decimal, IPv6 compressed, hashes lower-case.
    ///
    /// -Text reads prose (tickets, reports): every indicator in order of appearance; there a word is a domain only when
    /// its top-level domain is real (Public Suffix List) or special-use (.example, .test, .local, .internal, .onion…),
    /// so report.pdf or version 1.2.3 are not picked up. An e-mail address yields its domain.
    ///
    /// -Path reads files, streaming, so a million-line file is fine. .csv/.tsv: the -Column column, or the first column
    /// called ioc, indicator, value, observable (and similar; the choice is shown with -Verbose). .json: an array of
    /// strings, or of objects whose -Column property (or an auto-detected one) holds the value. Any other file is text:
    /// blank lines and # comments are skipped, a line that is one value is parsed as such (and reported when it is not
    /// an indicator), a line with spaces is prose. Strings piped in are read the same way as text lines.
    ///
    /// A value that is not an indicator (010.1.1.1 is ambiguous, 1.2.3 is not an address) produces a non-terminating
    /// error (InvalidIndicator, category InvalidArgument, target = the value) naming the value and why; the rest goes on.
    /// A value with a port and no path (1.2.3.4:8080) yields the host. Each output carries Source (file:line or text).
    /// </remarks>
    /// <example>
    /// <code>Import-TipIndicator -Path .\iocs.csv | Invoke-TipLookup | Export-Csv .\enriched.csv -NoTypeInformation</code>
    /// <para>Reads the IOC column of a CSV export (detected by name; -Verbose says which), looks every indicator up and saves the enriched rows.</para>
    /// </example>
    /// <example>
    /// <code>Import-TipIndicator -Text (Get-Clipboard -Raw) | Where-Object Type -eq Url</code>
    /// <para>Pulls every indicator out of a pasted incident ticket, defanged or not, and keeps the URLs.</para>
    /// </example>
    /// <example>
    /// <code>'hxxps://evil[.]com/x', '010.1.1.1', 'D41D8CD98F00B204E9800998ECF8427E' | Import-TipIndicator -ErrorVariable bad</code>
    /// <para>Normalizes values from a runbook; the ambiguous 010.1.1.1 lands in $bad with the reason, the others are emitted.</para>
    /// </example>
    /// <example>
    /// <code>Import-TipIndicator -Path .\feeds\*.json -Column indicator</code>
    /// <para>Reads the 'indicator' property of the objects in every JSON feed export in the folder.</para>
    /// </example>
    [Cmdlet(VerbsData.Import, "TipIndicator", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Base + "Import-TipIndicator.md")]
    [OutputType(typeof(TipIndicator))]
    public sealed class ImportTipIndicatorCommand : TipCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string TextSet = "Text";
        private const string InputObjectSet = "InputObject";

        /// <summary>Files to read (.txt or any text, .csv, .tsv, .json). Wildcards are allowed; relative paths are resolved against the current location.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to read, taken literally (no wildcards). Files piped from Get-ChildItem bind here.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The CSV column or JSON property holding the indicators (case-insensitive). Without it a column named like ioc, indicator, value or observable is chosen.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [ValidateNotNullOrEmpty]
        public string? Column { get; set; }

        /// <summary>Prose (tickets, reports, e-mails) to find indicators in, in order of appearance.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TextSet)]
        [AllowEmptyString]
        [AllowNull]
        public string[] Text { get; set; } = Array.Empty<string>();

        /// <summary>Values from the pipeline: a single value is parsed as an indicator (an error when it is not one); a string with spaces is read as prose.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        public string[] InputObject { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case TextSet:
                    foreach (var text in Text)
                    {
                        foreach (var indicator in IndicatorParser.Extract(text, "text")) WriteObject(indicator);
                    }
                    break;
                case InputObjectSet:
                    foreach (var value in InputObject)
                    {
                        foreach (var result in IndicatorFileReader.ReadLine(value, "pipeline")) Emit(result);
                    }
                    break;
                default:
                    foreach (var file in ResolveFiles()) ReadFile(file);
                    break;
            }
        }

        private void ReadFile(string file)
        {
            WriteVerbose("Reading indicators from '" + file + "'.");
            try
            {
                foreach (var result in IndicatorFileReader.ReadFile(file, Column, WriteVerbose))
                {
                    Emit(result);
                }
            }
            catch (IndicatorFileException ex)
            {
                WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(new IOException("Cannot read indicators from '" + file + "': " + ex.Message, ex), "IndicatorFileUnreadable", ErrorCategory.ReadError, file));
            }
        }

        private void Emit(IndicatorParseResult result)
        {
            if (result.Indicator != null)
            {
                WriteObject(result.Indicator);
                return;
            }
            var message = result.Error ?? "Not an indicator.";
            if (!string.IsNullOrEmpty(result.Source) && result.Source != "pipeline" && result.Source != "text") message += " (" + result.Source + ")";
            WriteError(new ErrorRecord(new ArgumentException(message), "InvalidIndicator", ErrorCategory.InvalidArgument, result.Input));
        }

        /// <summary>Provider paths of the files named, PowerShell-style: relative to the current location, wildcards for -Path.</summary>
        private IEnumerable<string> ResolveFiles()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath : Path)
            {
                var files = new List<string>();
                try
                {
                    ProviderInfo provider;
                    if (literal)
                    {
                        files.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                    }
                    else
                    {
                        files.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                    }
                    if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                    {
                        WriteError(new ErrorRecord(new ArgumentException("'" + path + "' is not a file-system path; Import-TipIndicator reads files."), "IndicatorPathNotFileSystem", ErrorCategory.InvalidArgument, path));
                        continue;
                    }
                }
                catch (ItemNotFoundException ex)
                {
                    WriteError(new ErrorRecord(new FileNotFoundException("Cannot find '" + path + "': " + ex.Message, ex), "IndicatorFileNotFound", ErrorCategory.ObjectNotFound, path));
                    continue;
                }
                catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
                {
                    WriteError(new ErrorRecord(ex, "IndicatorPathInvalid", ErrorCategory.InvalidArgument, path));
                    continue;
                }

                foreach (var file in files)
                {
                    if (Directory.Exists(file))
                    {
                        WriteError(new ErrorRecord(new ArgumentException("'" + file + "' is a folder; name the files in it, e.g. '" + System.IO.Path.Combine(file, "*.txt") + "'."), "IndicatorPathIsFolder", ErrorCategory.InvalidArgument, file));
                        continue;
                    }
                    if (!File.Exists(file))
                    {
                        WriteError(new ErrorRecord(new FileNotFoundException("Cannot find the file '" + file + "'.", file), "IndicatorFileNotFound", ErrorCategory.ObjectNotFound, file));
                        continue;
                    }
                    yield return file;
                }
            }
        }
    }
}
