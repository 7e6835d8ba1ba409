# Reports, the licence and the cache on real pwsh: Export-TipReport to HTML, CSV and JSON; Get-TipLicense against
# the simulator's count; Clear-TipCache by indicator and with its confirmation.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    New-TestHome | Out-Null
    Connect-Simulator
    $script:values = 'report-a.example', 'evil.com', '8.8.8.8', '44d88612fea8a8f36de82e1278abb02f'
    $script:results = @($values | Invoke-TipLookup)
}

Describe 'Export-TipReport' {
    It 'writes an HTML report that lists every result and escapes what it shows' {
        $path = Join-Path $TestDrive 'report.html'
        Get-TipLookup | Export-TipReport -Path $path | Out-Null
        $html = Get-Content -LiteralPath $path -Raw
        $html | Should -Match '<html'
        foreach ($value in $values) { $html | Should -Match ([regex]::Escape($value)) }
        Assert-NoSecretIn $html 'the HTML report'
    }

    It 'writes CSV that Import-Csv reads back, one row per result' {
        $path = Join-Path $TestDrive 'report.csv'
        $results | Export-TipReport -Path $path -Format Csv | Out-Null
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be $values.Count
        @($rows | Where-Object { $_.PSObject.Properties.Value -contains 'evil.com' }).Count | Should -Be 1
    }

    It 'writes JSON that ConvertFrom-Json reads back' {
        $path = Join-Path $TestDrive 'report.json'
        $results | Export-TipReport -Path $path -Format Json | Out-Null
        $json = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
        ($json | ConvertTo-Json -Depth 10) | Should -Match 'evil\.com'
    }

    It 'refuses to overwrite a file without -Force, naming it' {
        $path = Join-Path $TestDrive 'exists.html'
        Set-Content -LiteralPath $path -Value 'keep me'
        { $results | Export-TipReport -Path $path -ErrorAction Stop } | Should -Throw -ExpectedMessage '*exists.html*'
        Get-Content -LiteralPath $path | Should -Be 'keep me'
    }
}

Describe 'Get-TipLicense' {
    It 'shows the quota and the requests KumaTip has counted' {
        $license = Get-TipLicense
        $license.DayQuota | Should -BeGreaterThan 0
        $license.RequestsToday | Should -Be $values.Count
        $license.Remaining | Should -Be ($license.DayQuota - $license.DayRequests)
    }
}

Describe 'Clear-TipCache' {
    It 'removes one indicator and keeps the others' {
        Clear-TipCache -Indicator 'report-a.example' -Confirm:$false
        @(Get-TipLookup 'report-a.example' -ErrorAction SilentlyContinue).Count | Should -Be 0
        @(Get-TipLookup 'evil.com').Count | Should -Be 1
    }

    It 'shows what it would remove with -WhatIf and removes nothing' {
        $before = @(Get-TipLookup).Count
        Clear-TipCache -WhatIf
        @(Get-TipLookup).Count | Should -Be $before
    }
}
