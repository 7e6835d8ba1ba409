# Simulator: DayQuota=40
# Team semantics (issue 15, docs/team-store.md), tested with several processes running as different operating-system
# users against one PostgreSQL: two analysts (OS users kt-alice-…, kt-bob-…) each run real pwsh with their own
# KUMATIP_HOME and secret, and KUMATIP_STORE naming the run's PostgreSQL as their own login role — alice's password
# from PGPASSWORD, bob's from ~/.pgpass (mode 600). Both roles are members of a tenant role granted Main by
# Initialize-TipStore; a third role (carol) has kumatip_user only. Proved: one user's lookup is the next user's cache
# hit; every task of the tenant is listed with user@host and anyone can receive or restart it; one ledger and one
# quota for the licence (spend by user; concurrent runs never send past what the quota leaves); the same indicators
# asked for at once are bought once; a role without the tenant gets one clear error and sees nothing; no password in
# any output. The simulator's account may make 40 requests a day (first line), spent in this order by the tests.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    # Under CI=true these throw instead of returning $false: a missing part there fails the file.
    $script:hasPostgres = Test-TestPostgres
    $script:canUseOsUsers = Test-TestOsUsers
    if (-not $hasPostgres) { Write-Host "Team tests skipped: $(Get-TestPostgresSkipReason)" }
    if (-not $canUseOsUsers) { Write-Host "Team tests skipped: $(Get-TestOsUserSkipReason)" }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $env:KUMATIP_STORE = $null
}

# Runs everywhere, so that a machine without PostgreSQL or root still runs this file: it says what the rest needs.
Describe 'What the team tests need' {
    It 'names how to get PostgreSQL and root when the team tests skip' {
        Get-TestPostgresSkipReason | Should -Match ([regex]::Escape('apt-get install postgresql'))
        Get-TestOsUserSkipReason | Should -Match 'root'
    }
}

Describe 'A team on one PostgreSQL, as different OS users' -Skip:(-not ($hasPostgres -and $canUseOsUsers)) {
    BeforeAll {
        $script:osUsers = [Collections.Generic.List[object]]::new()
        $script:runs = [Collections.Generic.List[object]]::new()      # every child run, for the password test
        $script:run = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $script:machine = [Environment]::MachineName
        $script:quota = 40
        $script:supportModule = Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1'

        # The database, the schema and the tenant role, as the administrator.
        New-TestHome | Out-Null
        $script:db = New-TestPostgresDatabase
        $script:server = "$($db.Host):$($db.Port)"
        $script:tenantRole = "soc_main_$run"
        $script:roles = @{
            alice = @{ Role = "kt_alice_$run"; Password = 'Al1ce-' + [guid]::NewGuid().ToString('N') }
            bob   = @{ Role = "kt_bob_$run"; Password = 'B0b-' + [guid]::NewGuid().ToString('N') }
            carol = @{ Role = "kt_carol_$run"; Password = 'C4rol-' + [guid]::NewGuid().ToString('N') }
        }
        foreach ($name in 'alice', 'bob', 'carol') {
            $null = Invoke-TestPsql -Database postgres -Sql "CREATE ROLE $($roles[$name].Role) LOGIN PASSWORD '$($roles[$name].Password)';"
        }
        $adminCredential = [pscredential]::new($db.User, (ConvertTo-TestSecureString $db.Password))
        $script:initOutput = Initialize-TipStore -ConnectionString $db.ConnectionString -Credential $adminCredential `
            -TenantRole $tenantRole -Tenant Main -Verbose *>&1 | Out-String
        # The analysts join the tenant role as docs/team-store.md says (GRANT soc_main TO alice); carol gets only what
        # every KumaTip user needs, and no tenant.
        $null = Invoke-TestPsql -Database $db.Database -Sql ("GRANT $tenantRole TO $($roles.alice.Role); GRANT $tenantRole TO $($roles.bob.Role); " +
            "GRANT kumatip_user TO $($roles.carol.Role);")

        # Two OS users, each with a copy of the simulator's certificate and CA it can read (the simulator's state folder
        # is root's), and a team store named by KUMATIP_STORE: alice's password in PGPASSWORD, bob's in ~/.pgpass.
        $script:alice = New-TestOsUser -Name alice
        $osUsers.Add($alice)
        $script:bob = New-TestOsUser -Name bob
        $osUsers.Add($bob)
        $simDir = Get-TestSetting KUMATIP_TEST_SIM_DIR
        foreach ($user in $alice, $bob) {
            $folder = Join-Path $user.Home '.kt-sim'
            $null = New-Item -ItemType Directory -Path $folder
            Copy-Item -LiteralPath (Join-Path $simDir 'client.pfx'), (Join-Path $simDir 'ca.pem') -Destination $folder
            & chown -R "$($user.Name):$($user.Name)" $folder
            & chmod -R 'go-rwx' $folder
        }
        $pgpass = Join-Path $bob.Home '.pgpass'
        Set-Content -LiteralPath $pgpass -Value "$($db.Host):$($db.Port):$($db.Database):$($roles.bob.Role):$($roles.bob.Password)" -NoNewline
        & chown "$($bob.Name):$($bob.Name)" $pgpass
        & chmod 0600 $pgpass

        function Get-StoreString([string] $Role) { "Host=$($db.Host);Port=$($db.Port);Database=$($db.Database);Username=$Role" }
        $script:as = @{
            alice = @{ User = $alice; Environment = @{ KUMATIP_STORE = (Get-StoreString $roles.alice.Role); PGPASSWORD = $roles.alice.Password } }
            bob   = @{ User = $bob; Environment = @{ KUMATIP_STORE = (Get-StoreString $roles.bob.Role) } }
            # carol: alice's OS user, secret and settings, but the team store as a role without the tenant.
            carol = @{ User = $alice; Environment = @{ KUMATIP_STORE = (Get-StoreString $roles.carol.Role); PGPASSWORD = $roles.carol.Password } }
        }

        # What every child script starts with: the module, stop on errors, and one line of JSON for the test to read.
        $script:prelude = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:KUMATIP_TEST_MODULE
function Out-Result($Value) { [Console]::Out.WriteLine('##RESULT ' + (ConvertTo-Json -InputObject $Value -Compress -Depth 5)) }
# The start barrier of concurrent runs: ready (module loaded, store reached), then wait for the test's go. True: no go came.
function Wait-Go {
    $null = Get-TipStore
    $null = New-Item -ItemType File -Path (Join-Path $env:KT_BARRIER "ready-$env:USER")
    $deadline = [datetime]::UtcNow.AddSeconds(120)
    while (-not (Test-Path -LiteralPath (Join-Path $env:KT_BARRIER 'go'))) {
        if ([datetime]::UtcNow -gt $deadline) { return $true }
        Start-Sleep -Milliseconds 10
    }
    $false
}
function ConvertTo-Row($Result) { [pscustomobject]@{ Indicator = $Result.Indicator; FromCache = $Result.FromCache; TaskId = $Result.TaskId; Zone = "$($Result.Zone)" } }

'@

        function Get-RunEnvironment([string] $Who, [hashtable] $Extra) {
            $environment = @{}
            foreach ($key in $as[$Who].Environment.Keys) { $environment[$key] = $as[$Who].Environment[$key] }
            if ($Extra) { foreach ($key in $Extra.Keys) { $environment[$key] = $Extra[$key] } }
            $environment
        }

        # Runs $Script as $Who (alice, bob or carol) in real pwsh and keeps the run for the password test.
        function Invoke-As([string] $Who, [string] $Script, [hashtable] $Extra) {
            $result = Invoke-PwshAsUser -User $as[$Who].User.Name -Script ($prelude + $Script) -Environment (Get-RunEnvironment $Who $Extra)
            $runs.Add($result)
            $result
        }

        # Starts $Script as $Who in the background (a thread job running Invoke-PwshAsUser); Wait-As collects it.
        function Start-As([string] $Who, [string] $Script, [hashtable] $Extra) {
            Start-ThreadJob -ArgumentList $supportModule, $as[$Who].User.Name, ($prelude + $Script), (Get-RunEnvironment $Who $Extra) -ScriptBlock {
                param($support, $user, $text, $environment)
                Import-Module $support
                Invoke-PwshAsUser -User $user -Script $text -Environment $environment
            }
        }

        # Starts $Script as alice and as bob at once: both get ready (pwsh started, module loaded, store reached),
        # then go together. Returns both runs, alice's first.
        function Invoke-Together([string] $Script, [hashtable] $AliceExtra, [hashtable] $BobExtra) {
            $barrier = "/tmp/kt-team-barrier-$([guid]::NewGuid().ToString('N'))"   # /tmp: both users can reach it
            $null = New-Item -ItemType Directory -Path $barrier
            & chmod 1777 $barrier
            try {
                $AliceExtra['KT_BARRIER'] = $barrier; $BobExtra['KT_BARRIER'] = $barrier
                $jobs = @((Start-As alice $Script $AliceExtra), (Start-As bob $Script $BobExtra))
                $deadline = [datetime]::UtcNow.AddSeconds(120)
                while (@(Get-ChildItem -LiteralPath $barrier -Filter 'ready-*').Count -lt 2 -and [datetime]::UtcNow -lt $deadline -and
                    -not @($jobs | Where-Object { "$($_.State)" -in 'Completed', 'Failed', 'Stopped' })) {
                    Start-Sleep -Milliseconds 10
                }
                $null = New-Item -ItemType File -Path (Join-Path $barrier 'go')
                @((Wait-As $jobs[0]), (Wait-As $jobs[1]))
            }
            finally { Remove-Item -LiteralPath $barrier -Recurse -Force -ErrorAction SilentlyContinue }
        }

        function Wait-As($Job) {
            $result = $Job | Wait-Job -Timeout 300 | Receive-Job -ErrorAction Stop
            $Job | Remove-Job -Force
            if (-not $result) { throw "A background pwsh run returned nothing (the thread job's state: $($Job.State))." }
            $runs.Add($result)
            $result
        }

        # The JSON a child wrote with Out-Result; a run that failed or wrote none fails the test with its streams.
        function Read-Result($Run) {
            $line = @($Run.StdOut -split "`r?`n" | Where-Object { $_.StartsWith('##RESULT ') }) | Select-Object -Last 1
            if ($Run.ExitCode -ne 0 -or -not $line) {
                throw "pwsh as $($Run.User) ended with exit code $($Run.ExitCode) and no result.`nstdout: $($Run.StdOut)`nstderr: $($Run.StdErr)"
            }
            $line.Substring('##RESULT '.Length) | ConvertFrom-Json
        }

        function Get-Refused { @(Get-SimulatorRequest | Where-Object Status -EQ 403).Count }

        # Which values the simulator was asked for after the first $Skip requests of its log.
        function Get-RequestedSince([int] $Skip) { @(Get-SimulatorRequest | Select-Object -Skip $Skip | ForEach-Object Value) }

        # What each OS user has spent (answered requests), for Get-TipLicense's RequestsTodayByUser.
        $script:spent = @{ $alice.Name = 0; $bob.Name = 0 }

        # Each analyst stores their own secret and settings; the store is the team's, chosen by KUMATIP_STORE.
        $connect = @'
$credential = [pscredential]::new($env:KT_SIM_USER, (ConvertTo-SecureString $env:KT_SIM_PASSWORD -AsPlainText -Force))
$null = New-TipSecret -Name sim -Credential $credential -CertificatePath "$HOME/.kt-sim/client.pfx" `
    -CertificatePassword (ConvertTo-SecureString $env:KT_SIM_PFX_PASSWORD -AsPlainText -Force)
Set-TipSettings -Secret sim -Endpoint $env:KT_SIM_ENDPOINT -TrustedCaPath "$HOME/.kt-sim/ca.pem"
$store = Get-TipStore
Out-Result ([pscustomobject]@{ Kind = "$($store.Kind)"; Source = "$($store.Source)"; User = $store.User; Status = "$($store.Status)"; PasswordSaved = $store.PasswordSaved; SchemaVersion = $store.SchemaVersion })
'@
        $account = Get-SimulatorAccount
        $simEnvironment = @{
            KT_SIM_USER = $account.User; KT_SIM_PASSWORD = $account.Password; KT_SIM_PFX_PASSWORD = $account.PfxPassword
            KT_SIM_ENDPOINT = (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT)
        }
        $script:connected = @{}
        foreach ($who in 'alice', 'bob') { $connected[$who] = Read-Result (Invoke-As $who $connect $simEnvironment) }
    }

    AfterAll {
        # A background run still going ends within its own timeout (Invoke-PwshAsUser kills it); then its user can go.
        Get-Job | Wait-Job -Timeout 330 | Out-Null
        Get-Job | Remove-Job -Force -ErrorAction SilentlyContinue
        # Even when tests failed: no throwaway OS user outlives the file.
        foreach ($user in $script:osUsers) {
            try { Remove-TestOsUser -Name $user.Name } catch { Write-Warning "Could not remove the test OS user $($user.Name): $_" }
        }
        $env:KUMATIP_STORE = $null
    }

    It 'reaches the team store as each analyst''s own role, alice with PGPASSWORD and bob with ~/.pgpass' {
        $initOutput | Should -Match 'Applied schema version'
        foreach ($who in 'alice', 'bob') {
            $connected[$who].Kind | Should -Be 'PostgreSql'
            $connected[$who].Source | Should -Be 'Environment'
            $connected[$who].User | Should -Be $roles[$who].Role
            $connected[$who].Status | Should -Be 'Ready'
            $connected[$who].PasswordSaved | Should -BeFalse
        }
        (& stat -c '%a %U' (Join-Path $bob.Home '.pgpass')) | Should -Be "600 $($bob.Name)"
        $as.bob.Environment.ContainsKey('PGPASSWORD') | Should -BeFalse -Because "bob's password comes from his ~/.pgpass only"
    }

    It 'serves one user''s lookup to the next from the cache: 0 requests' {
        $script:shared = "shared-1-$run.example", "shared-2-$run.example", '198.51.100.7'
        # A cached row names the task that bought it (TaskId); the run's own task is the caller's newest.
        $lookup = @'
$out = @(Invoke-TipLookup $env:KT_VALUES.Split(",") | ForEach-Object { ConvertTo-Row $_ })
$task = @(Get-TipTask -Mine)[0]
Out-Result ([pscustomobject]@{ Results = $out; TaskId = $task.Id; Total = $task.Total; Done = $task.Done })
'@

        $before = Get-SimulatorRequestCount
        $first = Read-Result (Invoke-As alice $lookup @{ KT_VALUES = $shared -join ',' })
        $bought = (Get-SimulatorRequestCount) - $before
        $spent[$alice.Name] += $bought
        $bought | Should -Be 3
        @($first.Results.Indicator | Sort-Object) | Should -Be @($shared | Sort-Object)
        @($first.Results | Where-Object FromCache).Count | Should -Be 0
        $script:aliceTaskId = $first.TaskId
        @($first.Results.TaskId | Sort-Object -Unique) | Should -Be $aliceTaskId

        $before = Get-SimulatorRequestCount
        $second = Read-Result (Invoke-As bob $lookup @{ KT_VALUES = $shared -join ',' })
        (Get-SimulatorRequestCount) - $before | Should -Be 0 -Because "alice's answers are in the team's cache"
        @($second.Results.Indicator | Sort-Object) | Should -Be @($shared | Sort-Object)
        @($second.Results | Where-Object { -not $_.FromCache }).Indicator | Should -BeNullOrEmpty
        @($second.Results.TaskId | Sort-Object -Unique) | Should -Be $aliceTaskId -Because 'a cached answer names the task that bought it'
        $second.TaskId | Should -BeNullOrEmpty -Because 'a lookup answered wholly from the cache buys nothing and makes no task'
    }

    It 'lists alice''s task to bob with CreatedBy user@host, not under -Mine, and gives him its results' {
        $before = Get-SimulatorRequestCount
        $seen = Read-Result (Invoke-As bob @'
$own = @(Invoke-TipLookup "own-bob-$env:KT_RUN.example")[0].TaskId
$all = @(Get-TipTask | ForEach-Object { [pscustomobject]@{ Id = $_.Id; CreatedBy = $_.CreatedBy; Status = "$($_.Status)"; Total = $_.Total } })
$mine = @(Get-TipTask -Mine | ForEach-Object Id)
$received = @(Receive-TipTask -Id ([int] $env:KT_TASK) | ForEach-Object { ConvertTo-Row $_ })
Out-Result ([pscustomobject]@{ Own = $own; All = $all; Mine = $mine; Received = $received })
'@ @{ KT_TASK = $aliceTaskId; KT_RUN = $run })
        $spent[$bob.Name] += (Get-SimulatorRequestCount) - $before
        $bobTaskId = $seen.Own
        $bobTaskId | Should -Not -BeNullOrEmpty
        $task = @($seen.All | Where-Object Id -EQ $aliceTaskId)
        $task.Count | Should -Be 1
        $task[0].CreatedBy | Should -Be "$($alice.Name)@$machine"
        $task[0].Status | Should -Be 'Completed'
        $task[0].Total | Should -Be 3
        @($seen.All | Where-Object Id -EQ $bobTaskId)[0].CreatedBy | Should -Be "$($bob.Name)@$machine"
        @($seen.Mine) | Should -Not -Contain $aliceTaskId
        @($seen.Mine) | Should -Contain $bobTaskId
        @($seen.Received.Indicator | Sort-Object) | Should -Be @($shared | Sort-Object)
    }

    It 'lets bob restart the task alice left unfinished, sending exactly the missing requests' {
        $values = 1..3 | ForEach-Object { "restart-$_-$run.example" }
        $before = Get-SimulatorRequestCount
        $left = Read-Result (Invoke-As alice @'
$out = @(Invoke-TipLookup $env:KT_VALUES.Split(",") -MaxRequests 1 -WarningAction SilentlyContinue)
$task = Get-TipTask -Id $out[0].TaskId
Out-Result ([pscustomobject]@{ Id = $task.Id; Status = "$($task.Status)"; Done = $task.Done; Pending = $task.Pending })
'@ @{ KT_VALUES = $values -join ',' })
        $boughtByAlice = @(Get-RequestedSince $before)
        $spent[$alice.Name] += $boughtByAlice.Count
        $boughtByAlice.Count | Should -Be 1
        $left.Status | Should -Be 'PartiallyCompleted'
        $left.Done | Should -Be 1
        $left.Pending | Should -Be 2

        $before = Get-SimulatorRequestCount
        $finished = Read-Result (Invoke-As bob @'
$out = @(Restart-TipTask -Id ([int] $env:KT_TASK) -Confirm:$false | ForEach-Object { ConvertTo-Row $_ })
$task = Get-TipTask -Id ([int] $env:KT_TASK)
Out-Result ([pscustomobject]@{ Results = $out; Status = "$($task.Status)"; Done = $task.Done; Pending = $task.Pending; CreatedBy = $task.CreatedBy })
'@ @{ KT_TASK = $left.Id })
        $boughtByBob = @(Get-RequestedSince $before)
        $spent[$bob.Name] += $boughtByBob.Count
        @($boughtByBob | Sort-Object) | Should -Be @($values | Where-Object { $_ -notin $boughtByAlice } | Sort-Object) -Because 'only what alice did not buy is sent'
        $finished.Status | Should -Be 'Completed'
        $finished.Done | Should -Be 3
        $finished.Pending | Should -Be 0
        $finished.CreatedBy | Should -Be "$($alice.Name)@$machine"
    }

    It 'keeps one ledger per licence: Get-TipLicense by bob names alice''s spend' {
        $license = Read-Result (Invoke-As bob @'
$l = Get-TipLicense
Out-Result ([pscustomobject]@{ RequestsToday = $l.RequestsToday; RequestsTodayByUser = $l.RequestsTodayByUser; DayQuota = $l.DayQuota; Remaining = $l.Remaining })
'@)
        $spent[$alice.Name] | Should -BeGreaterThan 0
        $license.RequestsTodayByUser | Should -Match ([regex]::Escape("$($alice.Name)@$machine $($spent[$alice.Name])"))
        $license.RequestsTodayByUser | Should -Match ([regex]::Escape("$($bob.Name)@$machine $($spent[$bob.Name])"))
        $license.RequestsToday | Should -Be ($spent[$alice.Name] + $spent[$bob.Name])
        $license.DayQuota | Should -Be $quota
        $license.Remaining | Should -Be ($quota - (Get-SimulatorRequest -Answered).Count)
    }

    It 'buys the same indicators asked for by both users at the same moment once' {
        # Overlapping lists, started together: the slow shared values keep a claim long enough for the other to meet it.
        $common = @(1..3 | ForEach-Object { "sim-slow-both-$_-$run.example" }) + @(4..6 | ForEach-Object { "both-$_-$run.example" })
        $aliceOnly = 1..2 | ForEach-Object { "only-alice-$_-$run.example" }
        $bobOnly = 1..2 | ForEach-Object { "only-bob-$_-$run.example" }
        $unique = @($common + $aliceOnly + $bobOnly)
        $lookup = @'
$late = Wait-Go
$out = @(Invoke-TipLookup $env:KT_VALUES.Split(",") -ThrottleLimit 4 | ForEach-Object { ConvertTo-Row $_ })
Out-Result ([pscustomobject]@{ Late = $late; Results = $out })
'@
        $before = Get-SimulatorRequestCount
        $together = Invoke-Together $lookup @{ KT_VALUES = ($common + $aliceOnly) -join ',' } @{ KT_VALUES = ($bobOnly + $common) -join ',' }
        $aliceRun = Read-Result $together[0]
        $bobRun = Read-Result $together[1]
        $requested = @(Get-RequestedSince $before)

        $aliceRun.Late | Should -BeFalse -Because 'both runs must start at the same moment for this to mean anything'
        $bobRun.Late | Should -BeFalse -Because 'both runs must start at the same moment for this to mean anything'
        $requested.Count | Should -Be $unique.Count -Because 'requests = unique indicators across both users'
        @($requested | Sort-Object -Unique).Count | Should -Be $unique.Count
        @($aliceRun.Results.Indicator | Sort-Object) | Should -Be @(($common + $aliceOnly) | Sort-Object)
        @($bobRun.Results.Indicator | Sort-Object) | Should -Be @(($bobOnly + $common) | Sort-Object)
        # Who bought which shared value is a race; that each value was bought once is not.
        foreach ($value in $common) { @($requested | Where-Object { $_ -eq $value }).Count | Should -Be 1 -Because "$value is bought once" }
        # One ledger row per request bought: the one who waited for the other's answer booked nothing.
        Invoke-TestPsql -Database $db.Database -Sql 'SELECT count(*) FROM kumatip.ledger;' | Should -Be "$((Get-SimulatorRequest -Answered).Count)"
    }

    It 'gives a role without the tenant one clear error naming the server and the grant, and none of Main''s tasks' {
        $before = Get-SimulatorRequestCount
        $denied = Read-Result (Invoke-As carol @'
$failures = @()
try { $out = @(Invoke-TipLookup "denied-$env:KT_RUN.example" -ErrorAction SilentlyContinue -ErrorVariable lookupErrors -WarningAction SilentlyContinue) }
catch { $failures += $_ }
$failures += @($lookupErrors)
$tasks = @(Get-TipTask -ErrorAction SilentlyContinue)
$byId = $null
try { $byId = Get-TipTask -Id ([int] $env:KT_TASK) -ErrorAction Stop } catch { $byIdError = "$_" }
$cached = @(Get-TipLookup -ErrorAction SilentlyContinue)
Out-Result ([pscustomobject]@{
    Errors = @($failures | ForEach-Object { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } })
    Results = $out.Count; Tasks = $tasks.Count; ById = [bool] $byId; ByIdError = $byIdError; Cached = $cached.Count
})
'@ @{ KT_RUN = $run; KT_TASK = $aliceTaskId })
        (Get-SimulatorRequestCount) - $before | Should -Be 0 -Because 'nothing is bought for a role that may not store it'
        @($denied.Errors).Count | Should -Be 1 -Because "one clear error: $($denied.Errors | ConvertTo-Json)"
        $message = $denied.Errors[0].Message
        $message | Should -Match ([regex]::Escape($server))
        $message | Should -Match $roles.carol.Role
        $message | Should -Match 'Initialize-TipStore -TenantRole'
        $denied.Results | Should -Be 0
        $denied.Tasks | Should -Be 0 -Because "Main's tasks are invisible to a role without Main"
        $denied.ById | Should -BeFalse
        $denied.ByIdError | Should -Match "$aliceTaskId"
        $denied.Cached | Should -Be 0

        # The same with hand-written SQL as that role: row-level security, not the cmdlets, keeps Main's rows away.
        Invoke-TestPsql -Database $db.Database -User $roles.carol.Role -Password $roles.carol.Password -Sql 'SELECT count(*) FROM kumatip.tasks;' | Should -Be '0'
        Invoke-TestPsql -Database $db.Database -User $roles.bob.Role -Password $roles.bob.Password -Sql "SELECT count(*) > 0 FROM kumatip.tasks WHERE id = $aliceTaskId;" | Should -Be 't'
    }

    It 'never sends past what the quota leaves with two users'' runs at once, and the portal refuses none' {
        $left = $quota - (Get-SimulatorRequest -Answered).Count
        $left | Should -BeGreaterThan 10
        $asked = 20
        $refusedBefore = Get-Refused
        $answeredBefore = (Get-SimulatorRequest -Answered).Count
        $lookup = @'
$late = Wait-Go
$out = @(Invoke-TipLookup $env:KT_VALUES.Split(",") -ThrottleLimit 8 -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
$task = @(Get-TipTask -Mine)[0]
Out-Result ([pscustomobject]@{ Late = $late; Count = $out.Count; Done = $task.Done; Pending = $task.Pending; Warnings = @($warned | ForEach-Object { "$_" }) })
'@
        $together = Invoke-Together $lookup @{ KT_VALUES = (1..$asked | ForEach-Object { "quota-alice-$_-$run.example" }) -join ',' } `
            @{ KT_VALUES = (1..$asked | ForEach-Object { "quota-bob-$_-$run.example" }) -join ',' }
        $aliceRun = Read-Result $together[0]
        $bobRun = Read-Result $together[1]

        $aliceRun.Late | Should -BeFalse
        $bobRun.Late | Should -BeFalse
        $sent = (Get-SimulatorRequest -Answered).Count - $answeredBefore
        $after = Read-Result (Invoke-As bob '$l = Get-TipLicense; Out-Result ([pscustomobject]@{ Remaining = $l.Remaining; RequestsToday = $l.RequestsToday; DayRequests = $l.DayRequests })')
        $diagnosis = "left $left, sent $sent; after: $($after | ConvertTo-Json -Compress); alice: $($aliceRun | ConvertTo-Json -Compress); bob: $($bobRun | ConvertTo-Json -Compress); " +
            "licence: $(Invoke-TestPsql -Database $db.Database -Sql 'SELECT day_requests, day_quota, seen_at FROM kumatip.licenses;'); " +
            "ledger: $(Invoke-TestPsql -Database $db.Database -Sql 'SELECT count(*), max(at) FROM kumatip.ledger;'); " +
            "held: $(Invoke-TestPsql -Database $db.Database -Sql 'SELECT count(*), coalesce(sum(count), 0) FROM kumatip.quota_reservations;')"
        Write-Host $diagnosis
        $sent | Should -BeLessOrEqual $left -Because "the quota left $left requests"
        (Get-Refused) - $refusedBefore | Should -Be 0 -Because 'no request goes past the quota'
        # Both took part (each asked for fewer than the quota leaves, so neither could have taken it all).
        $aliceRun.Count | Should -BeGreaterThan 0 -Because $diagnosis
        $bobRun.Count | Should -BeGreaterThan 0 -Because $diagnosis
        $aliceRun.Count + $bobRun.Count | Should -Be $sent
        $after.RequestsToday | Should -Be (Get-SimulatorRequest -Answered).Count
        $after.Remaining | Should -Be ($quota - (Get-SimulatorRequest -Answered).Count) -Because "Get-TipLicense counts the team's spend once ($diagnosis)"
        $aliceRun.Done + $bobRun.Done | Should -Be $sent
        $aliceRun.Pending + $bobRun.Pending | Should -Be (2 * $asked - $sent)
    }

    It 'never shows a password in any stream of these runs, -Verbose included' {
        foreach ($who in 'alice', 'bob') {
            $null = Invoke-As $who @'
Get-TipStore -Verbose
Invoke-TipLookup $env:KT_VALUES.Split(",") -Verbose -Debug -WarningAction Continue | Format-List *
Get-TipTask -Verbose | Format-Table
Get-TipLicense -Verbose | Format-List *
Out-Result 'done'
'@ @{ KT_VALUES = "shared-1-$run.example" }
        }
        $runs.Count | Should -BeGreaterThan 10
        $passwords = @($roles.alice.Password, $roles.bob.Password, $roles.carol.Password, $db.Password)
        foreach ($result in $runs) {
            foreach ($stream in 'StdOut', 'StdErr') {
                foreach ($password in $passwords) {
                    $result.$stream.Contains($password) | Should -BeFalse -Because "no database password may appear in the $stream of a run as $($result.User)"
                }
                Assert-NoSecretIn $result.$stream "the $stream of a run as $($result.User)"
            }
        }
        foreach ($password in $passwords) { $initOutput.Contains($password) | Should -BeFalse -Because 'Initialize-TipStore -Verbose shows no password' }
        # The verbose runs did write something (else this proves nothing).
        ($runs[-1].StdOut + $runs[-1].StdErr) | Should -Match 'VERBOSE'
    }
}
