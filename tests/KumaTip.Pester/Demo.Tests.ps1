# The demo script (samples/enrich-iocs.ps1) run unchanged in real pwsh, as its help says a SOC engineer would run it,
# over the sample CSV against the simulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    New-TestHome | Out-Null
    $script:repo = Get-TestSetting KUMATIP_TEST_REPO
    $script:outDir = Join-Path $TestDrive 'demo'
    $account = Get-SimulatorAccount
    $simDir = Get-TestSetting KUMATIP_TEST_SIM_DIR
    $script:before = Get-SimulatorRequestCount
    $script:sampleRows = @(Import-Csv -LiteralPath (Join-Path $repo 'samples/iocs.csv')).Count

    # Everything the script shows goes through Out-Host; a transcript keeps it, as it would in a scheduled runbook.
    $script:transcript = Join-Path $TestDrive 'demo-transcript.txt'
    Start-Transcript -LiteralPath $transcript | Out-Null
    try {
        & (Join-Path $repo 'samples/enrich-iocs.ps1') -CsvPath (Join-Path $repo 'samples/iocs.csv') `
            -SimulatorUrl (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT) -CaPath (Join-Path $simDir 'ca.pem') `
            -PfxPath (Join-Path $simDir 'client.pfx') -User $account.User -Password $account.Password `
            -PfxPassword $account.PfxPassword -OutDir $outDir
    } finally {
        Stop-Transcript | Out-Null
    }
    $script:shown = Get-Content -LiteralPath $transcript -Raw
}

Describe 'samples/enrich-iocs.ps1 on real pwsh' {
    It 'runs every step' {
        foreach ($step in 1..10) { $shown | Should -Match "== $step\. " }
    }

    It 'writes the HTML report and the enriched CSV it names' {
        $report = Join-Path $outDir 'report.html'
        $csv = Join-Path $outDir 'enriched.csv'
        Test-Path -LiteralPath $report | Should -BeTrue
        Get-Content -LiteralPath $report -Raw | Should -Match '<html'
        @(Import-Csv -LiteralPath $csv).Count | Should -BeGreaterThan 0
        $shown | Should -Match ([regex]::Escape($report))
    }

    It 'spends requests on the first pass only and answers the second from the cache' {
        $shown | Should -Match '(\d+) results, \1 from the cache'
        $unique = @(Import-TipIndicator -Path (Join-Path $repo 'samples/iocs.csv') -ErrorAction SilentlyContinue | ForEach-Object Key | Sort-Object -Unique).Count
        $red = @(Get-TipLookup -Zone Red).Count
        (Get-SimulatorRequestCount) - $before | Should -Be ($unique + $red + 1) # + the Update of red results + Test-TipConnection
    }

    It 'never shows a password' {
        Assert-NoSecretIn $shown 'the demo transcript'
        Assert-NoSecretIn (Get-Content -LiteralPath (Join-Path $outDir 'report.html') -Raw) 'the HTML report'
    }

    It 'leaves completed tasks in the task manager' {
        $tasks = @(Get-TipTask)
        $tasks.Count | Should -BeGreaterOrEqual 2
        @($tasks | Where-Object { "$($_.Status)" -ne 'Completed' }).Count | Should -Be 0
    }
}
