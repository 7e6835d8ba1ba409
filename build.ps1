<#
.SYNOPSIS
    Build, test, package or demo KumaTip. Every task wraps the dotnet CLI; nothing else is needed.
.EXAMPLE
    ./build.ps1                 # Build: stages the importable module in ./out/KumaTip
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package   # ./out/KumaTip.zip
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

switch ($Task) {
    'Build'   { Invoke-Dotnet build KumaTip.sln -c $Configuration }
    'Test'    { Invoke-Dotnet test KumaTip.sln -c $Configuration }
    'Package' {
        Invoke-Dotnet build KumaTip.sln -c $Configuration
        $zip = Join-Path $PSScriptRoot 'out/KumaTip.zip'
        Remove-Item -LiteralPath $zip -ErrorAction SilentlyContinue
        Compress-Archive -Path (Join-Path $PSScriptRoot 'out/KumaTip') -DestinationPath $zip
        Get-Item -LiteralPath $zip
    }
    'Demo'    { Invoke-Dotnet run --project samples/KumaTip.Demo -c $Configuration }
}
