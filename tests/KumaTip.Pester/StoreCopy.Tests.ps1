# Copy-TipStore on real pwsh (issue 15): an analyst looks things up in the local file (against the simulator), joins the
# team store (Set-TipStore -PostgreSql; the administrator ran Initialize-TipStore and granted the tenant), copies, and
# then looks the same indicators up through the team store without a single request; a second copy copies nothing.
# Against the run's throwaway PostgreSQL (see README.md).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    $script:hasPostgres = Test-TestPostgres
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $env:KUMATIP_STORE = $null
}

AfterAll {
    $env:KUMATIP_STORE = $null
}

Describe 'Copy-TipStore on the local file' {
    It 'refuses, saying to choose a team store first' {
        New-TestHome | Out-Null
        $failure = $null
        try { Copy-TipStore -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'TipStoreNotPostgreSql*'
        "$failure" | Should -Match 'nothing to copy to'
        "$failure" | Should -Match 'Set-TipStore -PostgreSql'
    }
}

Describe 'Copy-TipStore into the team store' -Skip:(-not $hasPostgres) {
    BeforeAll {
        $script:dataHome = New-TestHome
        Connect-Simulator

        $db = New-TestPostgresDatabase
        $script:database = $db.Database
        $script:analyst = 'copier_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:analystPassword = 'C0pier-' + [guid]::NewGuid().ToString('N')
        $null = Invoke-TestPsql -Database postgres -Sql "CREATE ROLE $analyst LOGIN PASSWORD '$analystPassword';"
        $adminCredential = [pscredential]::new($db.User, (ConvertTo-TestSecureString $db.Password))
        $script:analystCredential = [pscredential]::new($analyst, (ConvertTo-TestSecureString $analystPassword))
        $script:storeString = "Host=$($db.Host);Port=$($db.Port);Database=$database;Username=$analyst"

        # Before joining: the analyst's own lookups, in the local file.
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:indicators = "copy-a-$tag.example", "copy-b-$tag.example", "copy-c-$tag.example"
        $script:local = @($indicators | Invoke-TipLookup -ErrorAction Stop)
        $script:localSpend = (Get-TipLicense).RequestsToday
        # And one in a tenant the team store will not grant them.
        Connect-Simulator -Tenant Lab
        $null = Invoke-TipLookup "copy-lab-$tag.example" -Tenant Lab -ErrorAction Stop

        # The administrator creates the schema and grants the tenant; the analyst joins.
        $null = Initialize-TipStore -ConnectionString $db.ConnectionString -Credential $adminCredential -TenantRole "soc_$tag" -Tenant Main -Member $analyst -ErrorAction Stop
        Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential -ErrorAction Stop
        function script:Invoke-AdminSql([string] $Sql) { Invoke-TestPsql -Database $database -Sql $Sql }
    }

    It 'says under -WhatIf what it would copy, and copies nothing' {
        # -WhatIf goes to the host, as every -WhatIf does; a transcript keeps it.
        $transcript = Join-Path $TestDrive 'copy-whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { $out = Copy-TipStore -WhatIf }
        finally { Stop-Transcript | Out-Null }
        $out | Should -BeNullOrEmpty
        $said = Get-Content -LiteralPath $transcript -Raw
        $said | Should -Match 'tenant Main: 3 cached results, 1 tasks \(3 items\)'
        $said | Should -Match 'tenant Lab: 1 cached results'
        $said | Should -Match ([regex]::Escape($database))
        Invoke-AdminSql 'SELECT count(*) FROM kumatip.results' | Should -Be '0'
    }

    It 'copies the cache, the task and the spend once, and names the tenant it may not write' {
        $summary = Copy-TipStore -ErrorVariable denied -ErrorAction SilentlyContinue
        $denied.Count | Should -Be 1
        $denied[0].FullyQualifiedErrorId | Should -BeLike 'TipStoreCopyTenantDenied*'
        $denied[0].TargetObject | Should -Be 'Lab'
        "$($denied[0])" | Should -Match "Tenant 'Lab' was not copied"
        "$($denied[0])" | Should -Match "Initialize-TipStore -TenantRole <role> -Tenant Lab -Member $analyst"
        "$($summary.FailedTenants)" | Should -Be 'Lab'
        $summary | Should -BeOfType KumaTip.Core.Stores.Copy.TipStoreCopySummary
        $summary.ResultsCopied | Should -Be 3
        $summary.TasksCopied | Should -Be 1
        $summary.ItemsCopied | Should -Be 3
        $summary.LedgerRowsCopied | Should -Be $localSpend
        "$($summary.Tenants)" | Should -Be 'Main'
        ($summary | Out-String) | Should -Match '3 copied'
        ($summary | Out-String) | Should -Not -Match ([regex]::Escape($analystPassword))
    }

    It 'then answers the same indicators from the team store without a request, with the copied task and bodies' {
        $before = Get-SimulatorRequestCount
        $again = @($indicators | Invoke-TipLookup -ErrorAction Stop)
        (Get-SimulatorRequestCount) - $before | Should -Be 0
        $again | ForEach-Object { $_.FromCache | Should -BeTrue }
        $again | ForEach-Object { $_.Raw | Should -Not -BeNullOrEmpty }
        $task = @(Get-TipTask)
        $task.Count | Should -Be 1
        $again | ForEach-Object { $_.TaskId | Should -Be $task[0].Id }
        (Get-TipLicense).RequestsToday | Should -Be $localSpend
    }

    It 'copies nothing the second time' {
        $summary = Copy-TipStore -Tenant Main -ErrorAction Stop
        $summary.ResultsCopied | Should -Be 0
        $summary.ResultsAlreadyPresent | Should -Be 3
        $summary.TasksCopied | Should -Be 0
        $summary.TasksAlreadyCopied | Should -Be 1
        $summary.LedgerRowsCopied | Should -Be 0
        $summary.LedgerRowsAlreadyCopied | Should -Be $localSpend
        Invoke-AdminSql 'SELECT count(*) FROM kumatip.tasks' | Should -Be '1'
        Invoke-AdminSql 'SELECT count(*) FROM kumatip.ledger' | Should -Be "$localSpend"
        (Get-TipLicense).RequestsToday | Should -Be $localSpend
    }
}
