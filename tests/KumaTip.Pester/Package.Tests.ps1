# The package (out/KumaTip.<version>.nupkg) installs as a PowerShell module on real pwsh: unzipped into a
# $env:PSModulePath folder, and through PSResourceGet from a local repository. Each installed copy is imported by
# name in a fresh pwsh process, so the module this run may already have loaded from out/KumaTip cannot stand in
# for it. Contract: KUMATIP_TEST_REPO (repository root), KUMATIP_TEST_MODULE (module folder, default
# <repo>/out/KumaTip, whose manifest names the version), KUMATIP_TEST_WORK (scratch); every test has its own
# KUMATIP_HOME under $TestDrive.

BeforeDiscovery {
    $script:hasPSResourceGet = [bool](Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)
}

BeforeAll {
    Set-StrictMode -Version 3.0

    $repo = if ($env:KUMATIP_TEST_REPO) { $env:KUMATIP_TEST_REPO } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    $moduleUnderTest = if ($env:KUMATIP_TEST_MODULE) { $env:KUMATIP_TEST_MODULE } else { Join-Path $repo 'out/KumaTip' }
    $script:manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $moduleUnderTest 'KumaTip.psd1')
    $script:version = $manifest.ModuleVersion
    $script:expectedCommands = @($manifest.CmdletsToExport | Sort-Object)

    # The package whose version is the manifest's: a newer or older one left in out/ would test something else.
    $script:package = Join-Path $repo "out/KumaTip.$version.nupkg"
    # Every build of the module project packs it again; another test project's build may be writing it right now.
    $deadline = [datetime]::UtcNow.AddSeconds(30)
    while (-not (Test-Path -LiteralPath $package) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
    if (-not (Test-Path -LiteralPath $package)) {
        # Under `dotnet test` the module project is built by several projects at once, and now and then none of them
        # packs (seen in CI). Pack the module that was staged, from the build that staged it, into a folder of our own.
        $built = @('Debug', 'Release' | ForEach-Object { Get-Item -LiteralPath (Join-Path $repo "src/KumaTip.PowerShell/bin/$_/netstandard2.0/KumaTip.PowerShell.dll") -ErrorAction SilentlyContinue } |
            Sort-Object LastWriteTimeUtc -Descending)
        if ($built.Count -gt 0) {
            $configuration = $built[0].Directory.Parent.Name
            $packed = Join-Path ([IO.Path]::GetTempPath()) ('kumatip-pack-' + [guid]::NewGuid().ToString('N'))
            $log = & dotnet pack (Join-Path $repo 'src/KumaTip.PowerShell') --no-build -c $configuration -o $packed 2>&1
            $candidate = Join-Path $packed "KumaTip.$version.nupkg"
            if (Test-Path -LiteralPath $candidate) { $script:package = $candidate }
            else { Write-Warning "dotnet pack --no-build made no package: $($log -join "`n")" }
        }
    }
    if (-not (Test-Path -LiteralPath $package)) {
        $found = @(Get-ChildItem -Path (Join-Path $repo 'out') -Filter 'KumaTip.*.nupkg' -ErrorAction SilentlyContinue | ForEach-Object Name) -join ', '
        throw "No package for version $version at '$package' (found: $found). 'dotnet build KumaTip.sln' writes it."
    }

    function New-TestHome {
        $path = Join-Path $TestDrive ('home-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $path
        $env:KUMATIP_HOME = $path
        $path
    }

    # Imports KumaTip BY NAME in a new pwsh process whose PSModulePath starts with $ModulesRoot, and reports what it
    # got: where the module came from, its commands, and Import-TipIndicator's answer.
    function Invoke-InstalledKumaTip([string] $ModulesRoot) {
        $child = {
            $ErrorActionPreference = 'Stop'
            $module = Import-Module -Name KumaTip -PassThru
            $indicator = Import-TipIndicator -Text 'hxxp://evil[.]com/x'
            [pscustomobject]@{
                ModuleBase = $module.ModuleBase
                Version    = "$($module.Version)"
                Commands   = @(Get-Command -Module KumaTip | ForEach-Object Name | Sort-Object)
                Indicator  = @($indicator | ForEach-Object { [pscustomobject]@{ Value = "$($_.Value)"; Type = "$($_.Type)" } })
            } | ConvertTo-Json -Depth 4 -Compress
        }
        $exe = [Environment]::ProcessPath
        $arguments = @()
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $arguments += Join-Path $PSHOME 'pwsh.dll' }
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($child.ToString()))
        $arguments += '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded

        $savedPath = $env:PSModulePath
        try {
            $env:PSModulePath = $ModulesRoot + [IO.Path]::PathSeparator + $savedPath
            $output = & $exe @arguments 2>&1
            $exit = $LASTEXITCODE
        } finally {
            $env:PSModulePath = $savedPath
        }
        $text = ($output | ForEach-Object { "$_" }) -join "`n"
        if ($exit -ne 0) { throw "pwsh exited with $exit importing KumaTip from '$ModulesRoot':`n$text" }
        $json = @($output | ForEach-Object { "$_" } | Where-Object { $_.StartsWith('{') })[-1]
        if (-not $json) { throw "pwsh printed no result importing KumaTip from '$ModulesRoot':`n$text" }
        $json | ConvertFrom-Json
    }
}

Describe 'The KumaTip package unzipped into a module folder' {
    BeforeAll {
        $modulesRoot = Join-Path $TestDrive 'Modules'
        $installed = Join-Path $modulesRoot "KumaTip/$version"
        $null = New-Item -ItemType Directory -Path $installed -Force
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        [System.IO.Compression.ZipFile]::ExtractToDirectory($package, $installed)
        # What NuGet adds around the module; PSResourceGet drops it too.
        foreach ($metadata in '[Content_Types].xml', '_rels', 'package', 'KumaTip.nuspec') {
            Remove-Item -LiteralPath (Join-Path $installed $metadata) -Recurse -Force
        }
        $null = $modulesRoot
    }

    BeforeEach {
        $null = New-TestHome
    }

    It 'holds the manifest at the version folder''s root, as Import-Module by name expects' {
        Test-Path -LiteralPath (Join-Path $installed 'KumaTip.psd1') | Should -BeTrue
        (Import-PowerShellDataFile -LiteralPath (Join-Path $installed 'KumaTip.psd1')).ModuleVersion | Should -Be $version
        @(Get-ChildItem -LiteralPath $installed -Filter '*.nuspec') | Should -HaveCount 0
    }

    It 'is listed by Get-Module -ListAvailable from PSModulePath' {
        $savedPath = $env:PSModulePath
        try {
            $env:PSModulePath = $modulesRoot + [IO.Path]::PathSeparator + $savedPath
            $listed = @(Get-Module -ListAvailable -Name KumaTip | Where-Object ModuleBase -EQ $installed)
        } finally {
            $env:PSModulePath = $savedPath
        }
        $listed | Should -HaveCount 1
        "$($listed[0].Version)" | Should -Be $version
    }

    It 'imports by name in a fresh pwsh, exports exactly the manifest''s cmdlets and refangs an indicator' {
        $result = Invoke-InstalledKumaTip $modulesRoot

        $result.ModuleBase | Should -Be $installed
        $result.Version | Should -Be $version
        @($result.Commands) | Should -Be $expectedCommands
        @($result.Indicator) | Should -HaveCount 1
        $result.Indicator[0].Value | Should -Be 'http://evil.com/x'
        $result.Indicator[0].Type | Should -Be 'Url'
    }
}

Describe 'The KumaTip package in a local PSResourceGet repository' -Skip:(-not $hasPSResourceGet) {
    BeforeAll {
        $feed = Join-Path $TestDrive 'feed'
        $null = New-Item -ItemType Directory -Path $feed
        Copy-Item -LiteralPath $package -Destination $feed
        $repositoryName = 'KumaTipTest-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        Register-PSResourceRepository -Name $repositoryName -Uri $feed -Trusted -ErrorAction Stop
        $modulesRoot = Join-Path $TestDrive 'Saved'
        $null = New-Item -ItemType Directory -Path $modulesRoot
    }

    AfterAll {
        if ($repositoryName -and (Get-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue)) {
            Unregister-PSResourceRepository -Name $repositoryName
        }
    }

    BeforeEach {
        $null = New-TestHome
    }

    It 'is found with the manifest''s version, project and licence' {
        $found = @(Find-PSResource -Name KumaTip -Repository $repositoryName -ErrorAction Stop)

        $found | Should -HaveCount 1
        "$($found[0].Version)" | Should -Be $version
        "$($found[0].ProjectUri)" | Should -Be $manifest.PrivateData.PSData.ProjectUri
        "$($found[0].LicenseUri)" | Should -Not -BeNullOrEmpty
        $found[0].Tags | Should -Contain 'Kaspersky'
    }

    It 'is saved by Save-PSResource as KumaTip/(version) in a module folder and imports by name from there' {
        Save-PSResource -Name KumaTip -Repository $repositoryName -Path $modulesRoot -TrustRepository -ErrorAction Stop
        $saved = Join-Path $modulesRoot "KumaTip/$version"
        Test-Path -LiteralPath (Join-Path $saved 'KumaTip.psd1') | Should -BeTrue

        $result = Invoke-InstalledKumaTip $modulesRoot

        $result.ModuleBase | Should -Be $saved
        $result.Version | Should -Be $version
        @($result.Commands) | Should -Be $expectedCommands
        $result.Indicator[0].Value | Should -Be 'http://evil.com/x'
    }
}
