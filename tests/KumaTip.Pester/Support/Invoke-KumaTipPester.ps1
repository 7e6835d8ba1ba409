<#
.SYNOPSIS
    Runs one Pester test file and writes what happened as JSON: the counts and every test that did not pass.
.DESCRIPTION
    The harness (tests/KumaTip.Pester.Tests) starts this in a fresh pwsh per file and version and reads -ResultPath.
    By hand, from the repository root after `dotnet build`, with a simulator running:
        $env:KUMATIP_TEST_REPO = $PWD; $env:KUMATIP_TEST_SIM_DIR = '/tmp/kumatip-sim'; $env:KUMATIP_TEST_SIM_ENDPOINT = 'https://127.0.0.1:8443'
        ./tests/KumaTip.Pester/Support/Invoke-KumaTipPester.ps1 -PesterModule ~/.nuget/packages/pester/5.9.1/tools/Pester.psd1 `
            -TestPath tests/KumaTip.Pester/Pipeline.Tests.ps1 -ResultPath /tmp/pester.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $NUnitPath
)

$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module -Name $PesterModule -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.StackTraceVerbosity = 'Filtered'
if ($NUnitPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $NUnitPath
}

$run = Invoke-Pester -Configuration $configuration

$problems = foreach ($test in $run.Tests) {
    if ($test.Result -in 'Passed', 'Skipped') { continue }
    [pscustomobject]@{
        Name   = $test.ExpandedPath
        Result = "$($test.Result)"
        Error  = (@($test.ErrorRecord | ForEach-Object { "$_" }) -join "`n")
    }
}
# A failure outside any test (BeforeAll, discovery) fails no test but is a failure of the file.
$containerErrors = foreach ($container in $run.Containers) {
    foreach ($record in $container.ErrorRecord) { "$($container.Item): $record" }
}

[ordered]@{
    PowerShell      = "$($PSVersionTable.PSVersion)"
    Passed          = $run.PassedCount
    Failed          = $run.FailedCount
    Skipped         = $run.SkippedCount
    NotRun          = $run.NotRunCount
    Total           = $run.TotalCount
    ContainerErrors = @($containerErrors)
    Problems        = @($problems)
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8
