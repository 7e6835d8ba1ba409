<#
.SYNOPSIS
    One pwsh session with KumaTip and a module that ships older Microsoft.Extensions, Polly.Core, System.Text.Json
    and CsvHelper (tests/Fixtures/OldDependencies), imported in the order given. Run as a child process by
    Coexistence.Tests.ps1; writes one JSON object describing what worked.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('OtherFirst', 'KumaTipFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $KumaTipModule,
    [Parameter(Mandatory)] [string] $OtherModule,
    [Parameter(Mandatory)] [string] $SimulatorDir,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Work
)
$ErrorActionPreference = 'Stop'
$report = [ordered]@{ Order = $Order; Steps = [System.Collections.Generic.List[string]]::new(); Error = $null }

function Use-Other {
    $r = Invoke-OldDependencies
    if ($r.Json -ne '{"answer":42}') { throw "the other module answered $($r.Json)" }
    $report.OtherPolly = $r.PollyVersion
    $report.OtherDependencyInjection = $r.DependencyInjectionVersion
    $report.Steps.Add('other')
}

function Use-KumaTip([string] $Label) {
    $account = Get-Content -LiteralPath (Join-Path $SimulatorDir 'account.json') -Raw | ConvertFrom-Json
    if (-not (Get-TipSecret -Name lab -ErrorAction SilentlyContinue)) {
        $cred = [pscredential]::new($account.User, (ConvertTo-SecureString $account.Password -AsPlainText -Force))
        New-TipSecret -Name lab -Credential $cred -CertificatePath (Join-Path $SimulatorDir 'client.pfx') `
            -CertificatePassword (ConvertTo-SecureString $account.PfxPassword -AsPlainText -Force) | Out-Null
        Set-TipSettings -Secret lab -Endpoint $Endpoint -TrustedCaPath (Join-Path $SimulatorDir 'ca.pem')
    }
    $connection = Test-TipConnection
    if (-not $connection.DayQuota) { throw "Test-TipConnection gave no quota" }
    $fresh = @("coexist-$Label.example", '198.51.100.7') | Invoke-TipLookup
    $again = @("coexist-$Label.example", '198.51.100.7') | Invoke-TipLookup
    if ($fresh.Count -ne 2 -or ($again | Where-Object { -not $_.FromCache })) { throw "lookups: $($fresh.Count) fresh, cached: $(($again | Where-Object FromCache).Count)" }
    $task = Get-TipTask | Select-Object -First 1
    if (-not $task) { throw 'no task recorded' }
    $received = @(Receive-TipTask -Id $task.Id)
    if ($received.Count -lt 1) { throw 'Receive-TipTask returned nothing' }
    foreach ($format in 'Html', 'Csv', 'Json') {
        $path = Join-Path $Work "coexist-$Label.$($format.ToLowerInvariant())"
        $again | Export-TipReport -Path $path -Format $format -Force | Out-Null
        if ((Get-Item -LiteralPath $path).Length -le 0) { throw "empty $format report" }
    }
    $report.Steps.Add("kumatip:$Label")
}

try {
    if ($Order -eq 'OtherFirst') {
        Import-Module $OtherModule; Use-Other
        Import-Module $KumaTipModule; Use-KumaTip 'first'
    }
    else {
        Import-Module $KumaTipModule; Use-KumaTip 'first'
        Import-Module $OtherModule; Use-Other
    }
    Remove-Module KumaTip
    Import-Module $KumaTipModule; Use-KumaTip 'reimported'
    Use-Other
}
catch {
    $report.Error = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)"
}
$report.Polly = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } |
    ForEach-Object { [System.Diagnostics.FileVersionInfo]::GetVersionInfo($_.Location).FileVersion } | Sort-Object)
$report | ConvertTo-Json -Compress -Depth 4
