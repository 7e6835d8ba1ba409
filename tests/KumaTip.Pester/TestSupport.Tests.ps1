# The suite's own support for team tests: the run's throwaway PostgreSQL (New-TestPostgresDatabase, Invoke-TestPsql)
# and processes as other OS users (New-TestOsUser, Invoke-PwshAsUser): a second user runs pwsh, imports the module in
# a KUMATIP_HOME of its own and reaches the test PostgreSQL as a login role of its own.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    # Under CI=true these throw instead of returning $false: a missing part there fails the file.
    $script:hasPostgres = Test-TestPostgres
    $script:canUseOsUsers = Test-TestOsUsers
    if (-not $hasPostgres) { Write-Host "PostgreSQL tests skipped: $(Get-TestPostgresSkipReason)" }
    if (-not $canUseOsUsers) { Write-Host "OS-user tests skipped: $(Get-TestOsUserSkipReason)" }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
}

Describe 'Whether PostgreSQL tests run' {
    It 'says how to install PostgreSQL when its binaries are missing' {
        $reason = Get-TestPostgresSkipReason
        $reason | Should -Match ([regex]::Escape('apt-get install postgresql'))
        $reason | Should -Match 'KUMATIP_TEST_PG_BIN'
    }

    It 'skips without a harness PostgreSQL, but fails under CI=true' {
        $names = 'KUMATIP_TEST_PG_HOST', 'KUMATIP_TEST_PG_PORT', 'CI'
        $saved = @{}; foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:KUMATIP_TEST_PG_HOST = $null; $env:KUMATIP_TEST_PG_PORT = $null
            $env:CI = 'false'
            Test-TestPostgres | Should -BeFalse
            $env:CI = 'true'
            { Test-TestPostgres } | Should -Throw '*CI=true*apt-get install postgresql*'
        }
        finally {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

Describe 'The test PostgreSQL' -Skip:(-not $hasPostgres) {
    It 'makes a fresh database per call and returns rows of SQL as text' {
        $first = New-TestPostgresDatabase
        $second = New-TestPostgresDatabase
        $first.Database | Should -Not -Be $second.Database

        Invoke-TestPsql -Database $first.Database -Sql "CREATE TABLE item (id int, value text); INSERT INTO item VALUES (1, 'one'), (2, 'two');"
        Invoke-TestPsql -Database $first.Database -Sql 'SELECT id, value FROM item ORDER BY id;' | Should -Be @('1|one', '2|two')
        Invoke-TestPsql -Database $second.Database -Sql "SELECT count(*) FROM pg_tables WHERE tablename = 'item';" | Should -Be '0'
    }

    It 'gives the admin connection string without the password, and the password apart' {
        $database = New-TestPostgresDatabase -Name ('named_' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $database.ConnectionString | Should -Be "Host=$($database.Host);Port=$($database.Port);Database=$($database.Database);Username=$($database.User)"
        $database.ConnectionString | Should -Not -Match 'Password'
        $database.Password | Should -Not -BeNullOrEmpty
        ($database | Format-List | Out-String) | Should -Not -Match ([regex]::Escape($database.Password))
    }

    It "throws psql's message when a statement fails, and stops at it" {
        $database = New-TestPostgresDatabase
        { Invoke-TestPsql -Database $database.Database -Sql 'CREATE TABLE t (id int); SELECT * FROM no_such_table; CREATE TABLE after_error (id int);' } |
            Should -Throw '*relation "no_such_table" does not exist*'
        Invoke-TestPsql -Database $database.Database -Sql "SELECT count(*) FROM pg_tables WHERE tablename = 'after_error';" | Should -Be '0'
    }

    It 'connects as a login role with its own password' {
        $database = New-TestPostgresDatabase
        $role = 'kt_role_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Invoke-TestPsql -Database postgres -Sql "CREATE ROLE $role LOGIN PASSWORD 'pw-$role';"
        Invoke-TestPsql -Database $database.Database -User $role -Password "pw-$role" -Sql 'SELECT current_user;' | Should -Be $role
        { Invoke-TestPsql -Database $database.Database -User $role -Password 'wrong' -Sql 'SELECT 1;' } | Should -Throw '*password authentication failed*'
    }
}

Describe 'Another OS user' -Skip:(-not $canUseOsUsers) {
    BeforeAll {
        $script:other = New-TestOsUser -Name team
    }

    AfterAll {
        if ($script:other) { Remove-TestOsUser -Name $script:other.Name }
    }

    It 'runs pwsh, imports the module and keeps settings in its own KUMATIP_HOME' {
        $result = Invoke-PwshAsUser -User $other.Name -Script @'
$ErrorActionPreference = 'Stop'
Import-Module $env:KUMATIP_TEST_MODULE
Set-TipSettings -MaxRecords 7
[pscustomobject]@{
    User        = (& id -un)
    Home        = $env:HOME
    KumaTipHome = $env:KUMATIP_HOME
    MaxRecords  = (Get-TipSettings).MaxRecords
    Files       = @(Get-ChildItem -LiteralPath $env:KUMATIP_HOME -Recurse -File).Count
    RootEnv     = @(Get-ChildItem env: | Where-Object Name -In 'KUMATIP_TEST_PG_ADMIN_PASSWORD', 'KUMATIP_TEST_SIM_DIR').Name
} | ConvertTo-Json -Compress
'@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $seen = $result.StdOut | ConvertFrom-Json
        $seen.User | Should -Be $other.Name
        $seen.Home | Should -Be $other.Home
        $seen.KumaTipHome | Should -BeLike "$($other.Home)/*"
        $seen.MaxRecords | Should -Be 7
        $seen.Files | Should -BeGreaterThan 0
        $seen.RootEnv | Should -BeNullOrEmpty -Because 'the environment is clean: the admin password and the harness settings stay with the test'
        # What it wrote is that user's, in that user's home; the test's own data directory is untouched.
        $owners = @(& find (Join-Path $other.Home '.kumatip') -printf '%u\n' | Sort-Object -Unique)
        $owners | Should -Be @($other.Name)
    }

    It 'connects to the test PostgreSQL with psql as a login role of its own' -Skip:(-not $hasPostgres) {
        $database = New-TestPostgresDatabase
        $role = 'kt_team_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $password = 'pw-' + [guid]::NewGuid().ToString('N')
        Invoke-TestPsql -Database postgres -Sql "CREATE ROLE $role LOGIN PASSWORD '$password';"
        Invoke-TestPsql -Database $database.Database -Sql "CREATE TABLE note (text text); INSERT INTO note VALUES ('shared'); GRANT SELECT ON note TO $role;"

        $result = Invoke-PwshAsUser -User $other.Name -Environment @{ PGPASSWORD = $password; KT_ROLE = $role; KT_DB = $database.Database } -Script @'
$psql = Join-Path $env:KUMATIP_TEST_PG_BIN 'psql'
$rows = & $psql -X -A -t -v ON_ERROR_STOP=1 -h $env:KUMATIP_TEST_PG_HOST -p $env:KUMATIP_TEST_PG_PORT -U $env:KT_ROLE -d $env:KT_DB `
    -c 'SELECT current_user, text FROM note;'
"$(& id -un)|$rows"
exit $LASTEXITCODE
'@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() | Should -Be "$($other.Name)|$role|shared"
    }
}
