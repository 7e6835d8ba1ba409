# Hostile input and faults, as a user meets them on real pwsh (issue 17): one bad row never sinks a batch, a full
# disk stops the buying without a hang and hands out every answer it paid for, and each mistake gets an error that
# says what to do. The full disk is a real 3 MB tmpfs, so that part needs root (CI runs as root); elsewhere it says so.
BeforeDiscovery {
    $script:isRoot = -not $IsWindows -and (& id -u) -eq '0'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:run = [guid]::NewGuid().ToString('N').Substring(0, 8)
}

Describe 'One bad row never sinks a batch' {
    BeforeAll {
        New-TestHome | Out-Null
        Connect-Simulator
    }

    It 'looks up a 1,900-character URL beside ordinary rows, caches it and finishes the task' {
        $long = "http://long-$run.example/" + ('a' * 1900)
        $rows = "first-$run.example", $long, '8.8.8.8', '../../etc/passwd' | ForEach-Object { [pscustomobject]@{ IOC = $_ } }
        $out = @($rows | Invoke-TipLookup -Property IOC -PassThru -ErrorAction SilentlyContinue -ErrorVariable problems)
        $out.Count | Should -Be 4
        $out[1].TipZone | Should -Not -BeNullOrEmpty
        $out[1].TipError | Should -BeNullOrEmpty
        $out[3].TipError | Should -Match 'looks like a file path'
        @($problems).Count | Should -Be 1
        $task = @(Get-TipTask)[0]
        "$($task.Status)" | Should -Be 'Completed'
        $task.Total | Should -Be 3
        (Invoke-TipLookup $long).FromCache | Should -BeTrue
    }

    It 'refuses a tenant name too long to store with its length, not a database message' {
        $failure = $null
        try { Get-TipSettings -Tenant ('t' * 1100) -ErrorAction Stop } catch { $failure = $_ }
        "$failure" | Should -Match '1100 characters'
        "$failure" | Should -Not -Match 'Index key'
    }

    It 'refuses a negative -MaxAge before buying anything' {
        $before = Get-SimulatorRequestCount
        { Invoke-TipLookup "maxage-$run.example" -MaxAge ([timespan]::FromDays(-1)) -ErrorAction Stop } | Should -Throw -ExpectedMessage '*negative*'
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'warns when a -Section applies to no indicator of the batch' {
        $result = Invoke-TipLookup "section-$run.example" -Section FileGeneralInfo -WarningVariable warned -WarningAction SilentlyContinue
        $result | Should -Not -BeNullOrEmpty
        "$warned" | Should -Match 'FileGeneralInfo'
        "$warned" | Should -Match 'not requested'
    }

    It 'treats ::ffff:8.8.8.8 as 8.8.8.8: one cache entry, no second purchase' {
        Invoke-TipLookup 8.8.8.8 | Out-Null
        $before = Get-SimulatorRequestCount
        $mapped = Invoke-TipLookup '::ffff:8.8.8.8'
        $mapped.Indicator | Should -Be '8.8.8.8'
        $mapped.FromCache | Should -BeTrue
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'reads a UTF-16 file without a byte-order mark, and refuses a binary one by name' {
        $utf16 = Join-Path $TestDrive 'notepad.txt'
        [IO.File]::WriteAllBytes($utf16, [Text.UnicodeEncoding]::new($false, $false).GetBytes("evil.com`r`n1.2.3.4`r`n"))
        @(Import-TipIndicator -Path $utf16).Value | Should -Be @('evil.com', '1.2.3.4')
        if (Test-Path -LiteralPath '/dev/zero') {
            { Import-TipIndicator -LiteralPath '/dev/zero' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*NUL bytes*'
        }
    }
}

Describe 'A full data directory' {
    BeforeAll {
        $script:mount = Join-Path $TestDrive 'full'
        $null = New-Item -ItemType Directory -Path $mount
        if ($isRoot) {
            & mount -t tmpfs -o size=3m tmpfs $mount
            if ($LASTEXITCODE -ne 0) { throw "mount -t tmpfs failed ($LASTEXITCODE): this test needs a tmpfs it can fill." }
        }
    }
    AfterAll {
        Remove-Item Env:KUMATIP_STORAGE_RESERVE_MB -ErrorAction SilentlyContinue
        if ($isRoot) { & umount $mount }
    }

    It 'stops buying, hands out every answer it paid for, and Restart-TipTask finishes once there is room' -Skip:(-not $isRoot -and $env:CI -ne 'true') {
        if (-not $isRoot) { throw 'Filling a real filesystem needs a tmpfs mount, so root (CI runs as root): run the tests as root, or in CI.' }
        $env:KUMATIP_HOME = Join-Path $mount 'home'
        # The default reserve (16 MiB) refuses to start on a 3 MB disk at all; 1 MiB lets the batch fill it for real.
        $env:KUMATIP_STORAGE_RESERVE_MB = '1'
        Connect-Simulator
        # A filler leaves room for a known share of the batch above the reserve (about 100-150 answers with their
        # LiteDB pages), so the disk fills in the middle of the buying on any machine, Debug or Release build.
        $free = [IO.DriveInfo]::new($mount).AvailableFreeSpace
        $room = 1MB + 600KB
        # Written, not SetLength: a sparse file would take no space on tmpfs.
        if ($free -gt $room) { [IO.File]::WriteAllBytes((Join-Path $mount 'filler.bin'), [byte[]]::new($free - $room)) }
        $prefix = "full-$run"
        $output = & (Get-TestSetting KUMATIP_TEST_PWSH) -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Scenarios/FullDisk.ps1') `
            -KumaTipModule (Get-TestSetting KUMATIP_TEST_MODULE) -Prefix $prefix 2>&1 | ForEach-Object { "$_" }
        $json = $output | Where-Object { $_ -like '{*' } | Select-Object -Last 1
        if (-not $json) { throw "the run wrote no report:`n$($output -join "`n")" }
        $report = $json | ConvertFrom-Json

        $report.Rows | Should -Be 400
        $storage = @($report.Errors | Where-Object { $_.Id -like 'TipStorageFailed*' })
        $storage.Count | Should -Be 1
        $storage[0].Message | Should -Match ([regex]::Escape($env:KUMATIP_HOME))
        $answered = @(Get-SimulatorRequest -Answered | Where-Object { $_.Value -like "$prefix-*" })
        $answered.Count | Should -BeLessThan 400 -Because 'the buying stops when the disk is full'
        $answered.Count | Should -BeGreaterThan 0 -Because 'there was room for some answers before the disk filled'
        $report.Zoned | Should -Be $answered.Count -Because 'every answer the portal sent (and charged) reaches the output'

        $task = @(Get-TipTask)[0]
        $task.Pending | Should -BeGreaterThan 0
        # Usually the room check stops the buying while the task's items still fit: all 400 are recorded. When the disk
        # fills inside a commit instead, LiteDB's write never returns (its issue #2821), KumaTip gives it up after 30 s,
        # and the rows after it cannot be recorded: the task then says its input is incomplete, and so does the restart.
        $complete = $task.Total -eq 400
        if (-not $complete) { $task.InputComplete | Should -BeFalse }

        # Space is freed: the restart buys what is pending, and only that.
        & mount -o remount,size=64m $mount
        Remove-Item -LiteralPath (Join-Path $mount 'filler.bin') -ErrorAction SilentlyContinue
        $pending = $task.Pending
        Restart-TipTask -Id $task.Id -Confirm:$false -WarningAction SilentlyContinue -WarningVariable restartWarnings | Out-Null
        $finished = Get-TipTask -Id $task.Id
        $finished.Done | Should -Be $task.Total
        if (-not $complete) { "$restartWarnings" | Should -Match 'run the same input again' }
        @(Get-SimulatorRequest -Answered | Where-Object { $_.Value -like "$prefix-*" }).Count - $answered.Count | Should -Be $pending
    }
}
