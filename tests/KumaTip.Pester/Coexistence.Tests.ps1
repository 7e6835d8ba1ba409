# KumaTip beside a module that ships older versions of the libraries KumaTip uses, in one pwsh session each way round.
# Each order runs in a child pwsh (the same pwsh as this run), since which module loads first is the point.
BeforeAll {
    $script:Repo = $env:KUMATIP_TEST_REPO
    $script:Module = if ($env:KUMATIP_TEST_MODULE) { $env:KUMATIP_TEST_MODULE } else { Join-Path $Repo 'out/KumaTip' }
    $script:Other = Join-Path $Repo 'out/fixtures/OldDependencies/OldDependencies.psd1'
    # The pwsh running this file (a dotnet tool's process is dotnet itself, so ask $PSHOME for the executable).
    $script:Pwsh = if ($env:KUMATIP_TEST_PWSH) { $env:KUMATIP_TEST_PWSH } else { Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }

    function Invoke-Scenario([string] $Order) {
        $work = Join-Path $TestDrive ($Order + '-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $work | Out-Null
        $env:KUMATIP_HOME = Join-Path $work 'home'
        $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Scenarios/Coexistence.ps1'),
            '-Order', $Order, '-KumaTipModule', $Module, '-OtherModule', $Other,
            '-SimulatorDir', $env:KUMATIP_TEST_SIM_DIR, '-Endpoint', $env:KUMATIP_TEST_SIM_ENDPOINT, '-Work', $work)
        $output = & $Pwsh @arguments 2>&1 | ForEach-Object { "$_" }
        $json = $output | Where-Object { $_ -like '{*' } | Select-Object -Last 1
        if (-not $json) { throw "the scenario wrote no report:`n$($output -join "`n")" }
        $json | ConvertFrom-Json
    }
}

Describe 'KumaTip beside a module with older Microsoft.Extensions, Polly.Core, System.Text.Json and CsvHelper' {
    It 'the fixture module is staged by the build' {
        Test-Path -LiteralPath $Other | Should -BeTrue
    }

    It 'works when the other module was imported and used first, and after Remove-Module and Import-Module' {
        $result = Invoke-Scenario 'OtherFirst'
        $result.Error | Should -BeNullOrEmpty
        $result.Steps | Should -Be @('other', 'kumatip:first', 'kumatip:reimported', 'other')
    }

    It 'leaves the other module working when KumaTip was imported first' {
        $result = Invoke-Scenario 'KumaTipFirst'
        $result.Error | Should -BeNullOrEmpty
        $result.Steps | Should -Be @('kumatip:first', 'other', 'kumatip:reimported', 'other')
        $result.OtherPolly | Should -BeLike '8.1.*'
        $result.OtherDependencyInjection | Should -BeLike '6.0.*'
    }

    It 'keeps both versions of Polly.Core side by side in one session' {
        $result = Invoke-Scenario 'OtherFirst'
        $result.Error | Should -BeNullOrEmpty
        $result.Polly.Count | Should -Be 2
        $result.Polly[0] | Should -BeLike '8.1.*'
        $result.Polly[1] | Should -Not -BeLike '8.1.*'
    }
}
