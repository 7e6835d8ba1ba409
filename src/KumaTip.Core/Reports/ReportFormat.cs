namespace KumaTip.Core.Reports
{
    /// <summary>The file formats Export-TipReport writes.</summary>
    public enum ReportFormat
    {
        /// <summary>One self-contained, script-free page with a card per result (.html, .htm).</summary>
        Html,

        /// <summary>Flat columns for spreadsheets and SIEM imports, formula injection neutralised (.csv).</summary>
        Csv,

        /// <summary>An array of results with every section and the raw portal answer (.json).</summary>
        Json,
    }
}
