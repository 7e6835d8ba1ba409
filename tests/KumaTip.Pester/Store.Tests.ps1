# The store choice on real pwsh (issue 15): the local LiteDB file by default, Set-TipStore -PostgreSql with a credential
# (server, database and user shown; the password in no stream and in no file of the data directory), KUMATIP_STORE
# overriding the saved choice with PGPASSWORD, Set-TipStore -LiteDb going back, Initialize-TipStore twice, and a wrong
# password that is one error naming the server. Against a private PostgreSQL cluster started here (initdb and pg_ctl in
# the test drive, as the postgres user when run as root, on a free port in 56000-56100), stopped at the end.
BeforeDiscovery {
    $script:postgresBin = Get-ChildItem -Path '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue |
        Sort-Object { [int]($_.Directory.Parent.Name -replace '\D', '') } | Select-Object -Last 1 | ForEach-Object { $_.DirectoryName }
    $script:noPostgres = -not $postgresBin
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $env:KUMATIP_STORE = $null

    function Invoke-PostgresTool([string] $Tool, [string[]] $Arguments) {
        $exe = Join-Path $script:bin $Tool
        $output = if ([Environment]::UserName -eq 'root') { & runuser -u postgres -- $exe @Arguments 2>&1 } else { & $exe @Arguments 2>&1 }
        [pscustomobject]@{ Code = $LASTEXITCODE; Output = "$output" }
    }

    # SQL as the cluster's administrator (psql over TCP with the admin password in the child's PGPASSWORD only).
    function Invoke-AdminSql([string] $Sql, [string] $Database = 'postgres') {
        $env:PGPASSWORD = $script:adminPassword
        try { $out = & (Join-Path $script:bin 'psql') -h 127.0.0.1 -p $script:port -U admin -d $Database -v ON_ERROR_STOP=1 -tA -c $Sql 2>&1 }
        finally { $env:PGPASSWORD = $null }
        if ($LASTEXITCODE -ne 0) { throw "psql failed: $out" }
        $out
    }

    $script:bin = Get-ChildItem -Path '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue |
        Sort-Object { [int]($_.Directory.Parent.Name -replace '\D', '') } | Select-Object -Last 1 | ForEach-Object { $_.DirectoryName }
    if (-not $script:bin) { return }
    $script:cluster = Join-Path ([IO.Path]::GetTempPath()) ('kumatip-pester-pg-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    $null = New-Item -ItemType Directory -Path $cluster
    $script:adminPassword = 'adm-' + [guid]::NewGuid().ToString('N')
    Set-Content -LiteralPath (Join-Path $cluster 'pw') -Value $adminPassword -NoNewline
    if ([Environment]::UserName -eq 'root') { & chown -R postgres:postgres $cluster }
    $init = Invoke-PostgresTool initdb @('-D', "$cluster/data", '-U', 'admin', "--pwfile=$cluster/pw", '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync')
    if ($init.Code -ne 0) { throw "initdb failed: $($init.Output)" }
    [IO.File]::Delete((Join-Path $cluster 'pw'))
    $script:port = $null
    foreach ($attempt in 1..20) {
        $candidate = Get-Random -Minimum 56000 -Maximum 56101
        $start = Invoke-PostgresTool pg_ctl @('-D', "$cluster/data", '-l', "$cluster/log", '-w', '-t', '60', '-o', "-p $candidate -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off", 'start')
        if ($start.Code -eq 0) { $script:port = $candidate; break }
    }
    if (-not $script:port) { throw "The test PostgreSQL cluster did not start on a port in 56000-56100; see $cluster/log" }

    $script:database = 'kumatip_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Invoke-AdminSql "CREATE DATABASE $database" | Out-Null
    $script:analyst = 'analyst_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:analystPassword = 'An4lyst-' + [guid]::NewGuid().ToString('N')
    Invoke-AdminSql "CREATE ROLE $analyst LOGIN PASSWORD '$analystPassword'" | Out-Null
    $script:server = "127.0.0.1:$port"
    $script:storeString = "Host=127.0.0.1;Port=$port;Database=$database;Username=someone_else"
    $script:adminString = "Host=127.0.0.1;Port=$port;Database=$database;Username=admin"
    $script:adminCredential = [pscredential]::new('admin', (ConvertTo-TestSecureString $adminPassword))
    $script:analystCredential = [pscredential]::new($analyst, (ConvertTo-TestSecureString $analystPassword))

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
    if ($script:port) { Invoke-PostgresTool pg_ctl @('-D', "$script:cluster/data", '-m', 'immediate', '-w', 'stop') | Out-Null }
    if ($script:cluster) { Remove-Item -LiteralPath $script:cluster -Recurse -Force -ErrorAction SilentlyContinue }
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

Describe 'The team store on PostgreSQL' -Skip:$noPostgres {
    BeforeAll {
        $script:dataHome = New-TestHome
    }

    AfterEach {
        $env:KUMATIP_STORE = $null
        $env:PGPASSWORD = $null
    }

    It 'creates the schema and a tenant role as the administrator, and does nothing the second time' {
        $first = Initialize-TipStore -ConnectionString $adminString -Credential $adminCredential -TenantRole "soc_main_$port" -Tenant Main -Member $analyst -Verbose 4>&1
        $store = @($first | Where-Object { $_ -is [KumaTip.Core.Stores.TipStore] })[0]
        $store.SchemaVersion | Should -Be 1
        $store.Status | Should -Be 'Ready'
        "$(@($first | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }))" | Should -Match 'Applied schema version\(s\) 1'

        $second = Initialize-TipStore -ConnectionString $adminString -Credential $adminCredential -TenantRole "soc_main_$port" -Tenant Main -Member $analyst -Verbose 4>&1
        @($second | Where-Object { $_ -is [KumaTip.Core.Stores.TipStore] })[0].SchemaVersion | Should -Be 1
        "$(@($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }))" | Should -Match 'nothing was applied'
        Invoke-AdminSql 'SELECT count(*) FROM kumatip.schema_migrations' $database | Should -Be '1'
        Invoke-AdminSql "SELECT string_agg(tenant_key, ',') FROM kumatip.tenant_grants WHERE role_name = 'soc_main_$port'" $database | Should -Be 'MAIN'
        Assert-NoPasswordIn (($first + $second) | Out-String) 'the output of Initialize-TipStore'
    }

    It 'saves the team store with a credential and shows server, database and user but never the password' {
        $streams = Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential -PassThru -Verbose -Debug *>&1 | Out-String
        $store = Get-TipStore
        $store.Kind | Should -Be 'PostgreSql'
        $store.Source | Should -Be 'Saved'
        $store.Server | Should -Be '127.0.0.1'
        $store.Port | Should -Be $port
        $store.Database | Should -Be $database
        $store.User | Should -Be $analyst           # -Credential's user overrides Username
        $store.PasswordSaved | Should -BeTrue
        $store.Schema | Should -Be 'kumatip'
        $store.SchemaVersion | Should -Be 1
        $store.ModuleSchemaVersion | Should -Be 1
        $store.Status | Should -Be 'Ready'

        $shown = $streams + (Get-TipStore -Verbose -Debug *>&1 | Out-String) + ($store | Format-List * | Out-String) + ($store | Format-Table | Out-String) +
            ($store | ConvertTo-Json) + ($store | ConvertTo-Csv | Out-String)
        Assert-NoPasswordIn $shown 'what Set-TipStore and Get-TipStore wrote (output, verbose, debug, list, table, JSON, CSV)'
        Assert-NoPasswordInDataDirectory $dataHome
    }

    It 'takes a password out of the connection string and keeps it encrypted' {
        Set-TipStore -PostgreSql -ConnectionString "Host=127.0.0.1;Port=$port;Database=$database;Username=$analyst;Password=$analystPassword" -Verbose *>&1 |
            Out-String | ForEach-Object { Assert-NoPasswordIn $_ 'the streams of Set-TipStore' }
        (Get-TipStore).Status | Should -Be 'Ready'
        Assert-NoPasswordInDataDirectory $dataHome
    }

    It 'is overridden by KUMATIP_STORE, whose password comes from PGPASSWORD' {
        Set-TipStore -PostgreSql -ConnectionString $storeString -Credential $analystCredential
        $env:KUMATIP_STORE = "Host=127.0.0.1;Port=$port;Database=$database;Username=$analyst"
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
        Set-TipStore -PostgreSql -ConnectionString "Host=127.0.0.1;Port=$port;Database=no_such_db;Username=$analyst" -Credential $analystCredential
        $null = Get-TipStore -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'TipStoreDatabaseMissing*'
        "$($failures[0])" | Should -Match "no database 'no_such_db'"
    }

    It 'refuses a bad connection string naming the setting, and saves nothing' {
        Set-TipStore -LiteDb
        $failure = $null
        try { Set-TipStore -PostgreSql -ConnectionString "Host=127.0.0.1;Prot=5432;Password=$analystPassword" -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'TipStoreInvalidConnectionString*'
        "$failure" | Should -Not -Match ([regex]::Escape($analystPassword))
        (Get-TipStore).Kind | Should -Be 'LiteDb'
    }
}
