# The store choice on real pwsh (issue 15): the local LiteDB file by default, Set-TipStore -PostgreSql with a credential
# (server, database and user shown; the password in no stream and in no file of the data directory), KUMATIP_STORE
# overriding the saved choice with PGPASSWORD, Set-TipStore -LiteDb going back, Initialize-TipStore twice, and a wrong
# password that is one error naming the server. Against the run's throwaway PostgreSQL (see README.md).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    $script:hasPostgres = Test-TestPostgres
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $env:KUMATIP_STORE = $null
    if (-not (Test-TestPostgres)) { return }

    $script:db = New-TestPostgresDatabase
    $script:database = $db.Database
    $script:port = $db.Port
    $script:adminPassword = $db.Password
    $script:analyst = 'analyst_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:analystPassword = 'An4lyst-' + [guid]::NewGuid().ToString('N')
    $null = Invoke-TestPsql -Database postgres -Sql "CREATE ROLE $analyst LOGIN PASSWORD '$analystPassword';"
    $script:server = "$($db.Host):$port"
    $script:storeString = "Host=$($db.Host);Port=$port;Database=$database;Username=someone_else"
    $script:adminString = $db.ConnectionString
    $script:adminCredential = [pscredential]::new($db.User, (ConvertTo-TestSecureString $adminPassword))
    $script:analystCredential = [pscredential]::new($analyst, (ConvertTo-TestSecureString $analystPassword))
    function Invoke-AdminSql([string] $Sql, [string] $Database) { Invoke-TestPsql -Database $Database -Sql $Sql }

    # Fails when the analyst's or the administrator's password appears in $Text.
    function Assert-NoPasswordIn([string] $Text, [string] $Where) {
        foreach ($secret in @($script:analystPassword, $script:adminPassword)) {
            if ($Text -and $Text.Contains($secret)) { throw "A database password appears in $Where." }
        }
    }

    function Assert-NoPasswordInDataDirectory([string] $Directory) {
        foreach ($file in Get-ChildItem -LiteralPath $Directory -File -Recurse) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            Assert-NoPasswordIn ([Text.Encoding]::UTF8.GetString($bytes) + [Text.Encoding]::Unicode.GetString($bytes)) "the data directory's file $($file.Name)"
        }
    }
}

AfterAll {
    $env:KUMATIP_STORE = $null
    $env:PGPASSWORD = $null
}

Describe 'Get-TipStore without a choice' {
    It 'is the local LiteDB file in the data directory' {
        $dataHome = New-TestHome
        $store = Get-TipStore
        $store.Kind | Should -Be 'LiteDb'
        $store.Source | Should -Be 'Default'
        $store.Status | Should -Be 'Ready'
        $store.Database | Should -Be (Join-Path $dataHome 'kumatip.db')
        $store.Server | Should -BeNullOrEmpty
        ($store | Out-String) | Should -Match 'LiteDb'
    }

    It 'refuses to initialise the local file, saying how to choose a team store' {
        New-TestHome | Out-Null
        $failure = $null
        try { Initialize-TipStore -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'TipStoreNotPostgreSql*'
        "$failure" | Should -Match 'Set-TipStore -PostgreSql'
    }
}

Describe 'The team store on PostgreSQL' -Skip:(-not $hasPostgres) {
    BeforeAll {
        $script:dataHome = New-TestHome
    }

    AfterEach {
        $env:KUMATIP_STORE = $null
        $env:PGPASSWORD = $null
    }

    It 'creates the schema and a tenant role as the administrator, and does nothing the second time' {
        $role = 'soc_main_' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $first = Initialize-TipStore -ConnectionString $adminString -Credential $adminCredential -TenantRole $role -Tenant Main -Member $analyst -Verbose 4>&1
        $store = @($first | Where-Object { $_ -is [KumaTip.Core.Stores.TipStore] })[0]
        $latest = $store.ModuleSchemaVersion
        $store.SchemaVersion | Should -Be $latest
        $store.Status | Should -Be 'Ready'
        "$(@($first | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }))" | Should -Match "Applied schema version\(s\) $((1..$latest) -join ', ')\."

        $second = Initialize-TipStore -ConnectionString $adminString -Credential $adminCredential -TenantRole $role -Tenant Main -Member $analyst -Verbose 4>&1
        @($second | Where-Object { $_ -is [KumaTip.Core.Stores.TipStore] })[0].SchemaVersion | Should -Be $latest
        "$(@($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }))" | Should -Match 'nothing was applied'
        Invoke-AdminSql 'SELECT count(*) FROM kumatip.schema_migrations' $database | Should -Be "$latest"
        Invoke-AdminSql "SELECT string_agg(tenant_key, ',') FROM kumatip.tenant_grants WHERE role_name = '$role'" $database | Should -Be 'MAIN'
        Assert-NoPasswordIn (($first + $second) | Out-String) 'the output of Initialize-TipStore'
    }

    It 'saves the team store with a credential and shows server, database and user but never the password' {
        $streams = Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential -PassThru -Verbose -Debug *>&1 | Out-String
        $store = Get-TipStore
        $store.Kind | Should -Be 'PostgreSql'
        $store.Source | Should -Be 'Saved'
        $store.Server | Should -Be $db.Host
        $store.Port | Should -Be $port
        $store.Database | Should -Be $database
        $store.User | Should -Be $analyst           # -Credential's user overrides Username
        $store.PasswordSaved | Should -BeTrue
        $store.Schema | Should -Be 'kumatip'
        $store.ModuleSchemaVersion | Should -BeGreaterThan 0
        $store.SchemaVersion | Should -Be $store.ModuleSchemaVersion
        $store.Status | Should -Be 'Ready'

        $shown = $streams + (Get-TipStore -Verbose -Debug *>&1 | Out-String) + ($store | Format-List * | Out-String) + ($store | Format-Table | Out-String) +
            ($store | ConvertTo-Json) + ($store | ConvertTo-Csv | Out-String)
        Assert-NoPasswordIn $shown 'what Set-TipStore and Get-TipStore wrote (output, verbose, debug, list, table, JSON, CSV)'
        Assert-NoPasswordInDataDirectory $dataHome
    }

    It 'takes a password out of the connection string and keeps it encrypted' {
        Set-TipStore -PostgreSql -ConnectionString "Host=$($db.Host);Port=$port;Database=$database;Username=$analyst;Password=$analystPassword" -Verbose *>&1 |
            Out-String | ForEach-Object { Assert-NoPasswordIn $_ 'the streams of Set-TipStore' }
        (Get-TipStore).Status | Should -Be 'Ready'
        Assert-NoPasswordInDataDirectory $dataHome
    }

    It 'is overridden by KUMATIP_STORE, whose password comes from PGPASSWORD' {
        Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential
        $env:KUMATIP_STORE = "Host=$($db.Host);Port=$port;Database=$database;Username=$analyst"
        $env:PGPASSWORD = $analystPassword
        $store = Get-TipStore
        $store.Source | Should -Be 'Environment'
        $store.User | Should -Be $analyst
        $store.PasswordSaved | Should -BeFalse
        $store.Status | Should -Be 'Ready'
        Set-TipStore -LiteDb -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'KUMATIP_STORE'
        (Get-TipStore).Source | Should -Be 'Environment'
    }

    It 'goes back to the local LiteDB file with Set-TipStore -LiteDb' {
        Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential
        $store = Set-TipStore -LiteDb -PassThru
        $store.Kind | Should -Be 'LiteDb'
        (Get-TipStore).Kind | Should -Be 'LiteDb'
        (Get-TipStore).Source | Should -Be 'Saved'
    }

    It 'saves nothing under -WhatIf' {
        Set-TipStore -LiteDb
        Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential -WhatIf
        (Get-TipStore).Kind | Should -Be 'LiteDb'
    }

    It 'reports a wrong password as one error naming the server, not the password' {
        $wrong = 'Wr0ng-' + [guid]::NewGuid().ToString('N')
        Set-TipStore -PostgreSql -ConnectionString $storeString -Credential ([pscredential]::new($analyst, (ConvertTo-TestSecureString $wrong)))
        $all = Get-TipStore -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose -Debug *>&1 | Out-String
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'TipStoreAuthenticationFailed*'
        "$($failures[0])" | Should -Match ([regex]::Escape($server))
        "$($failures[0])" | Should -Match $analyst
        ($all + ($failures | Out-String) + ($failures[0].Exception | Out-String) + $failures[0].TargetObject) | Should -Not -Match $wrong
        Assert-NoPasswordInDataDirectory $dataHome
        Get-ChildItem -LiteralPath $dataHome -File -Recurse | ForEach-Object {
            [Text.Encoding]::UTF8.GetString([IO.File]::ReadAllBytes($_.FullName)) | Should -Not -Match $wrong
        }

        $initFailure = $null
        try { Initialize-TipStore -ErrorAction Stop } catch { $initFailure = $_ }
        $initFailure.FullyQualifiedErrorId | Should -BeLike 'TipStoreAuthenticationFailed*'
        "$initFailure" | Should -Not -Match $wrong
    }

    It 'names a missing database with the server' {
        Set-TipStore -PostgreSql -ConnectionString "Host=$($db.Host);Port=$port;Database=no_such_db;Username=$analyst" -Credential $analystCredential
        $null = Get-TipStore -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'TipStoreDatabaseMissing*'
        "$($failures[0])" | Should -Match "no database 'no_such_db'"
    }

    It 'refuses a bad connection string naming the setting, and saves nothing' {
        Set-TipStore -LiteDb
        $failure = $null
        try { Set-TipStore -PostgreSql -ConnectionString "Host=$($db.Host);Prot=5432;Password=$analystPassword" -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'TipStoreInvalidConnectionString*'
        "$failure" | Should -Not -Match ([regex]::Escape($analystPassword))
        (Get-TipStore).Kind | Should -Be 'LiteDb'
    }
}
