# The README's pipeline on real pwsh: Import-Csv | Invoke-TipLookup -Property IOC -PassThru | Export-Csv, against the
# simulator. Every row comes back, in order, with its own columns and the Tip* ones; one request per unique indicator;
# a second run is answered by the cache.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    New-TestHome | Out-Null
    Connect-Simulator

    $script:csv = Join-Path $TestDrive 'iocs.csv'
    @(
        [pscustomobject]@{ Id = 1; IOC = 'hxxp://dd.daywinners[.]com/d/VFZvqeP-V1ffkQ.exe'; Source = 'mail' }
        [pscustomobject]@{ Id = 2; IOC = '8.8.8.8'; Source = 'fw' }
        [pscustomobject]@{ Id = 3; IOC = 'evil[.]com'; Source = 'proxy' }
        [pscustomobject]@{ Id = 4; IOC = 'not an indicator at all'; Source = 'typo' }
        [pscustomobject]@{ Id = 5; IOC = 'EVIL.COM'; Source = 'proxy' }
        [pscustomobject]@{ Id = 6; IOC = '44d88612fea8a8f36de82e1278abb02f'; Source = 'edr' }
        [pscustomobject]@{ Id = 7; IOC = '2001:4860:4860::8888'; Source = 'fw' }
    ) | Export-Csv -LiteralPath $csv -NoTypeInformation
    $script:uniqueValid = 5   # rows 3 and 5 are one domain; row 4 is not an indicator
}

Describe 'Import-Csv | Invoke-TipLookup -Property IOC -PassThru | Export-Csv' {
    BeforeAll {
        $script:before = Get-SimulatorRequestCount
        $script:enriched = Join-Path $TestDrive 'enriched.csv'
        Import-Csv -LiteralPath $csv | Invoke-TipLookup -Property IOC -PassThru -ErrorVariable lookupErrors -ErrorAction SilentlyContinue |
            Export-Csv -LiteralPath $enriched -NoTypeInformation
        $script:lookupErrors = $lookupErrors
        $script:rows = @(Import-Csv -LiteralPath $enriched)
        $script:spent = (Get-SimulatorRequestCount) - $before
    }

    It 'writes every input row, in input order, with its own columns kept' {
        $rows.Count | Should -Be 7
        $rows.Id | Should -Be @('1', '2', '3', '4', '5', '6', '7')
        $rows.Source | Should -Be @('mail', 'fw', 'proxy', 'typo', 'proxy', 'edr', 'fw')
        $rows[0].IOC | Should -Be 'hxxp://dd.daywinners[.]com/d/VFZvqeP-V1ffkQ.exe'
    }

    It 'adds the Tip columns to every row' {
        $columns = $rows[0].PSObject.Properties.Name
        foreach ($column in 'TipZone', 'TipStatus', 'TipCategories', 'TipFound', 'TipReceivedAt', 'TipPortalUrl', 'TipService', 'TipError') {
            $columns | Should -Contain $column
        }
        $rows[2].TipZone | Should -Be 'Red'
        $rows[4].TipZone | Should -Be $rows[2].TipZone
        $rows[1].TipZone | Should -Be 'Green'
        $rows[1].TipError | Should -BeNullOrEmpty
    }

    It 'reports the row that is not an indicator in TipError and as an error naming the value' {
        $rows[3].TipError | Should -Not -BeNullOrEmpty
        $rows[3].TipZone | Should -BeNullOrEmpty
        @($lookupErrors | Where-Object { "$_" -like '*not an indicator at all*' }).Count | Should -Be 1
    }

    It 'spends one request per unique indicator' {
        $spent | Should -Be $uniqueValid
    }

    It 'answers a second run from the cache without a request' {
        $before = Get-SimulatorRequestCount
        $again = @(Import-Csv -LiteralPath $csv | Invoke-TipLookup -Property IOC -PassThru -ErrorAction SilentlyContinue)
        (Get-SimulatorRequestCount) - $before | Should -Be 0
        $again.Count | Should -Be 7
        # CSV reads an empty cell as ''; the object has $null there.
        @($again | ForEach-Object { "$($_.TipZone)" }) | Should -Be @($rows.TipZone)
    }

    It 'forecasts with -WhatIf and spends nothing' {
        New-TestHome | Out-Null
        Connect-Simulator
        $before = Get-SimulatorRequestCount
        # The forecast goes to the host, as every -WhatIf does; a transcript is how a runbook keeps it.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { Import-Csv -LiteralPath $csv | Invoke-TipLookup -Property IOC -WhatIf -ErrorAction SilentlyContinue }
        finally { Stop-Transcript | Out-Null }
        (Get-SimulatorRequestCount) - $before | Should -Be 0
        Get-Content -LiteralPath $transcript -Raw | Should -Match '5 unique indicator\(s\): 0 cached, 5 to request'
        @(Get-TipTask).Count | Should -Be 0
    }
}

Describe 'Invoke-TipLookup on values from the pipeline' {
    BeforeAll {
        New-TestHome | Out-Null
        Connect-Simulator
        $script:results = @('8.8.8.8', 'evil.com', '44d88612fea8a8f36de82e1278abb02f' | Invoke-TipLookup)
    }

    It 'returns one result per value with zone and type' {
        $results.Count | Should -Be 3
        $results.Indicator | Should -Be @('8.8.8.8', 'evil.com', '44d88612fea8a8f36de82e1278abb02f')
        "$($results[0].Type)" | Should -Be 'IPv4'
        "$($results[1].Zone)" | Should -Be 'Red'
        $results[0].ReceivedAt | Should -Not -BeNullOrEmpty
    }

    It 'formats as a table, a list and JSON' {
        ($results | Format-Table | Out-String) | Should -Match 'evil\.com'
        ($results | Format-List | Out-String) | Should -Match '8\.8\.8\.8'
        $json = $results | Select-Object Indicator, Zone, Status | ConvertTo-Json | ConvertFrom-Json
        $json.Count | Should -Be 3
    }

    It 'keeps results in Get-TipLookup, filterable by zone' {
        @(Get-TipLookup -Zone Red).Indicator | Should -Contain 'evil.com'
        @(Get-TipLookup 8.8.8.8).Count | Should -Be 1
    }

    It 'takes -Section and -MaxRecords' {
        $result = Invoke-TipLookup google.com -Section DomainGeneralInfo, DomainWhoIsInfo -MaxRecords 5 -Force
        $result.MaxRecords | Should -Be 5
        $request = @(Get-SimulatorRequest 'google.com')[-1]
        $request.Count | Should -Be 5
        $request.Sections | Should -Match 'DomainGeneralInfo'
    }
}

# A session remembers the cached answers it read (RecentAnswers), so looking the same indicators up again reads no file;
# what another pwsh process changes in the cache meanwhile must still be what this session sees.
Describe 'Looking the same indicators up again in one session, while another process changes the cache' {
    BeforeAll {
        New-TestHome | Out-Null
        Connect-Simulator
        $script:values = 'memory-a.example.com', 'memory-b.example.com', 'memory-c.example.com'
        $null = $values | Invoke-TipLookup -ErrorAction Stop
        $script:first = @($values | Invoke-TipLookup -ErrorAction Stop)
    }

    It 'answers from the cache without a request, every time' {
        $before = Get-SimulatorRequestCount
        foreach ($round in 1..3) {
            $again = @($values | Invoke-TipLookup -ErrorAction Stop)
            $again.FromCache | Should -Be @($true, $true, $true)
            $again.Indicator | Should -Be $values
        }
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'sees the newer answer another process bought and buys again what another process cleared' {
        $child = "Import-Module -Name '$($env:KUMATIP_TEST_MODULE)' -ErrorAction Stop; " +
            "Update-TipLookup -Indicator 'memory-a.example.com' -ErrorAction Stop | Out-Null; " +
            "Clear-TipCache -Indicator 'memory-b.example.com' -Confirm:`$false -ErrorAction Stop"
        & (Get-TestSetting KUMATIP_TEST_PWSH) -NoProfile -NonInteractive -Command $child
        $LASTEXITCODE | Should -Be 0

        $before = Get-SimulatorRequestCount
        $after = @($values | Invoke-TipLookup -ErrorAction Stop)

        (Get-SimulatorRequestCount) - $before | Should -Be 1
        @(Get-SimulatorRequest -Value 'memory-b.example.com').Count | Should -Be 2
        $updated = $after | Where-Object Indicator -EQ 'memory-a.example.com'
        $updated.FromCache | Should -BeTrue
        $updated.ReceivedAt | Should -BeGreaterThan ($first | Where-Object Indicator -EQ 'memory-a.example.com').ReceivedAt
        ($after | Where-Object Indicator -EQ 'memory-b.example.com').FromCache | Should -BeFalse
        ($after | Where-Object Indicator -EQ 'memory-c.example.com').ReceivedAt | Should -Be ($first | Where-Object Indicator -EQ 'memory-c.example.com').ReceivedAt
    }
}
