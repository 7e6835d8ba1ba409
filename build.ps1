<#
.SYNOPSIS
    Build, test, package or demo KumaTip. Every task wraps the dotnet CLI; nothing else is needed.
.EXAMPLE
    ./build.ps1                 # Build: stages the importable module in ./out/KumaTip
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package   # ./out/KumaTip.<version>.nupkg, installable with Install-PSResource (docs/install.md)
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
        # The same as `dotnet pack src/KumaTip.PowerShell`: builds, stages out/KumaTip and packs it. The version is
        # the manifest's ModuleVersion.
        Invoke-Dotnet pack src/KumaTip.PowerShell -c $Configuration
        $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $PSScriptRoot 'module/KumaTip.psd1')).ModuleVersion
        Get-Item -LiteralPath (Join-Path $PSScriptRoot "out/KumaTip.$version.nupkg")
    }
    'Demo'    { Invoke-Dotnet run --project samples/KumaTip.Demo -c $Configuration }
}
