@{
    RootModule           = 'KumaTip.PowerShell.dll'
    # Loaded before the root module: it puts KumaTip.Core and its libraries (in dependencies/) into KumaTip's own
    # load context on PowerShell 7, so other modules' versions of them never clash with ours.
    NestedModules        = @('KumaTip.Loader.dll')
    ModuleVersion        = '0.2.0'
    GUID                 = '5b0f1c1e-8d0e-4f43-9a57-2f3c8e4b6a10'
    Author               = 'KumaTip contributors'
    CompanyName          = 'KumaTip contributors'
    Copyright            = '(c) KumaTip contributors. MIT License.'
    Description          = 'Enrich domains, URLs, IP addresses and file hashes with the Kaspersky Threat Intelligence Portal (Threat Lookup API): cached, quota-aware, resumable lookups for SOC automation.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Windows PowerShell 5.1: EphemeralKeySet (in-memory client key) and the server-certificate callback need 4.7.2.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('KumaTip.Format.ps1xml')
    TypesToProcess       = @('KumaTip.Types.ps1xml')
    CmdletsToExport      = @(
        'Export-TipReport'
        'Import-TipIndicator'
        'New-TipSecret'
        'Get-TipSecret'
        'Set-TipSecret'
        'Remove-TipSecret'
        'Set-TipSettings'
        'Get-TipSettings'
        'Get-TipLicense'
        'Test-TipConnection'
        'Invoke-TipLookup'
        'Get-TipLookup'
        'Update-TipLookup'
        'Get-TipTask'
        'Receive-TipTask'
        'Restart-TipTask'
        'Stop-TipTask'
        'Clear-TipCache'
        'Repair-TipDataStore'
        'Submit-TipFile'
        'Set-TipStore'
        'Get-TipStore'
        'Initialize-TipStore'
        'Copy-TipStore'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Kaspersky', 'ThreatIntelligence', 'TIP', 'KUMA', 'SOC', 'IOC', 'Enrichment')
            LicenseUri   = 'https://github.com/kumatip/kumatip/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/kumatip/kumatip'
            ReleaseNotes = '0.2.0: runs on PowerShell 7.6.9 and 7.6.10, loads its dependencies in a private load context, adds a Pester suite and ships as a PowerShell Gallery style package. All changes: https://github.com/kumatip/kumatip/blob/main/CHANGELOG.md'
        }
    }
}
