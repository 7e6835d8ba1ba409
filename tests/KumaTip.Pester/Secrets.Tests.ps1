# Secrets on real pwsh: created from a PSCredential and a PFX, shown without their secret parts, replaced, removed; a
# wrong PFX password is a clear error; no stream, transcript, or file on disk ever holds a password in clear.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:account = Get-SimulatorAccount
    $script:pfx = Join-Path (Get-TestSetting KUMATIP_TEST_SIM_DIR) 'client.pfx'
    $script:credential = [pscredential]::new($account.User, (ConvertTo-TestSecureString $account.Password))
    $script:pfxPassword = ConvertTo-TestSecureString $account.PfxPassword
}

Describe 'New-TipSecret, Get-TipSecret, Set-TipSecret, Remove-TipSecret' {
    BeforeEach { $script:dataHome = New-TestHome }

    It 'creates a secret and shows its certificate but not its secret parts' {
        $secret = New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $pfxPassword -Description 'lab box'
        $secret.Name | Should -Be 'lab'
        $secret.CertificateSubject | Should -Match 'KumaTip Simulator Client'
        $secret.User | Should -Not -Be $account.User    # masked
        $shown = ($secret | Format-List * | Out-String) + ($secret | ConvertTo-Json -Depth 5)
        Assert-NoSecretIn $shown 'a secret as shown by Format-List and ConvertTo-Json'
        @(Get-TipSecret).Name | Should -Be @('lab')
        (Get-TipSecret lab).Description | Should -Be 'lab box'
    }

    It 'refuses a second secret of the same name, naming it' {
        New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $pfxPassword | Out-Null
        { New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $pfxPassword -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*lab*'
    }

    It 'refuses a wrong PFX password with an error that names the file and holds no password' {
        $wrong = ConvertTo-TestSecureString 'not-the-password'
        $failure = $null
        try { New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $wrong -ErrorAction Stop }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        "$failure" | Should -Match 'client\.pfx'
        "$failure" | Should -Not -Match 'not-the-password'
        @(Get-TipSecret).Count | Should -Be 0
    }

    It 'replaces parts with Set-TipSecret and removes with Remove-TipSecret' {
        New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $pfxPassword | Out-Null
        $changed = Set-TipSecret -Name lab -Description 'rotated' -PassThru
        $changed.Description | Should -Be 'rotated'
        Remove-TipSecret -Name lab -Confirm:$false
        @(Get-TipSecret).Count | Should -Be 0
    }

    It 'never writes a password to any stream, even with -Verbose and -Debug' {
        $transcript = Join-Path $TestDrive 'secrets-transcript.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try {
            $everything = & {
                New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $pfxPassword -Verbose -Debug
                Get-TipSecret -Verbose -Debug | Format-List *
                Set-TipSecret -Name lab -Credential $credential -Verbose -Debug -PassThru
                New-TipSecret -Name broken -Credential $credential -CertificatePath $pfx -CertificatePassword (ConvertTo-TestSecureString 'x') -ErrorAction Continue
            } *>&1 | Out-String -Width 400
        } finally {
            Stop-Transcript | Out-Null
        }
        Assert-NoSecretIn $everything 'the output, error, verbose, debug, warning and information streams'
        Assert-NoSecretIn (Get-Content -LiteralPath $transcript -Raw) 'the transcript'
    }

    It 'keeps no password in clear in the data directory, and its files are the owner''s only' {
        New-TipSecret -Name lab -Credential $credential -CertificatePath $pfx -CertificatePassword $pfxPassword | Out-Null
        $files = @(Get-ChildItem -LiteralPath $dataHome -Recurse -File -Force)
        $files.Count | Should -BeGreaterThan 0
        foreach ($file in $files) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            foreach ($encoding in [Text.Encoding]::UTF8, [Text.Encoding]::Unicode) {
                Assert-NoSecretIn ($encoding.GetString($bytes)) "$($file.Name) read as $($encoding.EncodingName)"
            }
            if (-not $IsWindows) { [int]$file.UnixFileMode | Should -Be ([int][IO.UnixFileMode]'UserRead, UserWrite') -Because "$($file.Name) holds secrets or their key" }
        }
    }
}
