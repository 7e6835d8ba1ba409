<#
.SYNOPSIS
    Enrich a CSV of indicators with KumaTip end to end: secret, connection, lookup, cache, update, tasks,
    licence and reports.

.DESCRIPTION
    The script behind `dotnet run --project samples/KumaTip.Demo`, and the same steps a SOC engineer runs against
    the real portal. It only uses KumaTip cmdlets and core PowerShell, so it runs unchanged in pwsh and in a
    hosted PowerShell engine.

    Steps: store the secret, point the connection at the endpoint, test the connection, read the CSV
    (defanged values are refanged, spellings of one indicator collapse to one request, a row that is not an
    indicator is reported and skipped), enrich every row with -PassThru, do a second pass that the cache
    answers, update the red results, list the tasks, show the licence, and write an HTML report and an
    enriched CSV.

    Meant for the local simulator: -Password and -PfxPassword are plain strings here because the simulator
    writes them to account.json. Against the real portal, create the secret once with Get-Credential.

.EXAMPLE
    # In one terminal: the simulator writes ca.pem, client.pfx and account.json into the state directory.
    dotnet run --project src/KumaTip.Simulator -- --port 8443 --state-dir /tmp/kumatip-sim

    # In pwsh, from the repository root, with a throw-away data directory:
    $env:KUMATIP_HOME = '/tmp/kumatip-demo-home'
    Import-Module ./out/KumaTip
    $account = Get-Content /tmp/kumatip-sim/account.json | ConvertFrom-Json
    ./samples/enrich-iocs.ps1 -CsvPath samples/iocs.csv -SimulatorUrl https://127.0.0.1:8443 `
        -CaPath /tmp/kumatip-sim/ca.pem -PfxPath /tmp/kumatip-sim/client.pfx `
        -User $account.User -Password $account.Password -PfxPassword $account.PfxPassword
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $SimulatorUrl,
    [Parameter(Mandatory)] [string] $CaPath,
    [Parameter(Mandatory)] [string] $PfxPath,
    [Parameter(Mandatory)] [string] $User,
    [Parameter(Mandatory)] [string] $Password,
    [Parameter(Mandatory)] [string] $PfxPassword,
    [string] $OutDir = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'demo'),
    [string] $SecretName = 'kumatip-demo'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Only core cmdlets below (no Write-Host, Select-Object, Sort-Object, Join-Path...): a hosted engine has no others.
function Show-Step([string] $Title) { '', "== $Title" | Out-Host }

# Paths are resolved against PowerShell's location, which is not the process's current directory.
function Resolve-DemoPath([string] $Path) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path) }

function ConvertTo-Secure([string] $Text) { [System.Net.NetworkCredential]::new('', $Text).SecurePassword }

$CsvPath = Resolve-DemoPath $CsvPath
$OutDir = Resolve-DemoPath $OutDir
$null = [System.IO.Directory]::CreateDirectory($OutDir)

Show-Step '1. Secret: user, password and client certificate, encrypted at rest'
$credential = [pscredential]::new($User, (ConvertTo-Secure $Password))
$secretParts = @{
    Credential          = $credential
    CertificatePath     = Resolve-DemoPath $PfxPath
    CertificatePassword = ConvertTo-Secure $PfxPassword
    Description         = 'KumaTip demo (simulator)'
}
# A second run in the same data directory replaces the secret's parts instead of failing on the name.
if (Get-TipSecret -Name $SecretName -ErrorAction SilentlyContinue) {
    $secret = Set-TipSecret -Name $SecretName @secretParts -PassThru
} else {
    $secret = New-TipSecret -Name $SecretName @secretParts
}
$secret | Out-Host

Show-Step '2. Settings: the Kaspersky Threat Lookup connection'
$settings = Set-TipSettings -Secret $SecretName -Endpoint $SimulatorUrl -TrustedCaPath (Resolve-DemoPath $CaPath) `
    -MaxRecords 10 -CacheTtl ([timespan]::FromDays(7)) -ThrottleLimit 8 -PassThru
$settings | Out-Host

Show-Step '3. Test-TipConnection: reachability, authentication, terms, quota'
Test-TipConnection | Out-Host

Show-Step "4. Read $CsvPath"
$rejected = $null
$indicators = @(Import-TipIndicator -Path $CsvPath -ErrorAction SilentlyContinue -ErrorVariable rejected)
$unique = [System.Collections.Generic.HashSet[string]]::new()
$defanged = 0
foreach ($indicator in $indicators) {
    $null = $unique.Add($indicator.Key)
    if ($indicator.Defanged) { $defanged++ }
}
"$($indicators.Count) indicators read ($defanged defanged), $($unique.Count) unique: one request each at most." | Out-Host
foreach ($record in @($rejected)) { "Skipped: $($record.Exception.Message)" | Out-Host }

Show-Step '5. Invoke-TipLookup -PassThru: every row enriched, one request per unique indicator'
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$enriched = @($indicators | Invoke-TipLookup -Property Value -PassThru)
$watch.Stop()
$enriched | ForEach-Object {
    [pscustomobject]@{
        Indicator  = $_.Original
        Zone       = $_.TipZone
        Status     = if ($null -ne $_.TipError) { "error: $($_.TipError)" } else { $_.TipStatus }
        Categories = @($_.TipCategories) -join ', '
    }
} | Out-Host
$failed = @($enriched | Where-Object { $null -ne $_.TipError })
"$($enriched.Count) rows enriched in $([int]$watch.Elapsed.TotalMilliseconds) ms." | Out-Host
if ($failed.Count -gt 0) { throw "$($failed.Count) lookups failed; first: $($failed[0].Original): $($failed[0].TipError)" }

Show-Step '6. Second pass: answered from the cache, no request spent'
$watch.Restart()
$cached = @($indicators | Invoke-TipLookup)
$watch.Stop()
$fromCache = @($cached | Where-Object FromCache).Count
"$($cached.Count) results, $fromCache from the cache, in $([int]$watch.Elapsed.TotalMilliseconds) ms." | Out-Host

Show-Step '7. Update-TipLookup: refresh the red results (a new task)'
$updated = @(Get-TipLookup -Zone Red | Update-TipLookup)
$updated | ForEach-Object {
    [pscustomobject]@{ Indicator = $_.Indicator; Zone = $_.Zone; ReceivedAt = $_.ReceivedAt; TaskId = $_.TaskId }
} | Out-Host

Show-Step '8. Get-TipTask: the task manager'
Get-TipTask | ForEach-Object {
    [pscustomobject]@{ Id = $_.Id; Status = $_.Status; Done = "$($_.Done)/$($_.Total)"; Created = $_.Created }
} | Out-Host

Show-Step '9. Get-TipLicense: quota as the portal and KumaTip count it'
Get-TipLicense | Out-Host

Show-Step '10. Export-TipReport'
$reportPath = [System.IO.Path]::Combine($OutDir, 'report.html')
$csvOutPath = [System.IO.Path]::Combine($OutDir, 'enriched.csv')
$report = Get-TipLookup | Export-TipReport -Path $reportPath -Force
$csvOut = $cached | Export-TipReport -Path $csvOutPath -Force
"HTML report:  $(@($report)[0])" | Out-Host
"Enriched CSV: $(@($csvOut)[0])" | Out-Host
