# What people see and export, on real pwsh: the default views of every object KumaTip writes at 80 columns (scheduled
# tasks, CI logs, transcripts) and wider, the card view of a result, and ConvertTo-Json / Export-Csv of the raw objects.
BeforeDiscovery {
    # The types the cmdlets write; BeforeAll below gets one sample of each.
    $typeCases = @('TipLookupResult', 'TipTask', 'TipSecret', 'TipSettings', 'TipConnectionTest', 'TipLicense', 'TipIndicator', 'LookupForecast', 'TipStore') |
        ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    New-TestHome | Out-Null
    Connect-Simulator

    # Every zone and type, a long URL and SHA-256, the longest category and a value the portal does not know.
    $script:values = @(
        'http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe'                     # Url, Red
        'daywinners.com'                                                     # Domain, Orange
        'cdn-adclick-tracker.biz'                                            # Domain, Yellow
        'example.com'                                                        # Domain, Grey, no category
        'google.com'                                                         # Domain, Green, SEARCH_ENGINES_AND_SERVICES
        'sim-404-nothing.example'                                            # not known: Grey, no data
        '8.8.8.8'                                                            # IPv4
        '2001:4860:4860::8888'                                               # IPv6
        '44d88612fea8a8f36de82e1278abb02f'                                   # Md5, Red
        'ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa'   # Sha256, Red
    )
    $script:results = @($values | Invoke-TipLookup)

    # One sample of every type a cmdlet writes (Export-TipReport writes a FileInfo, PowerShell's own).
    $script:outputs = [ordered]@{
        TipLookupResult   = $results
        TipTask           = @(Get-TipTask)
        TipSecret         = @(Get-TipSecret)
        TipSettings       = @(Get-TipSettings)
        TipConnectionTest = @(Test-TipConnection)
        TipLicense        = @(Get-TipLicense)
        TipIndicator      = @(Import-TipIndicator -Text 'hxxp://evil[.]com/a/b.exe 8.8.8.8 44d88612fea8a8f36de82e1278abb02f')
        LookupForecast    = @('google.com', 'new-value.example' | Invoke-TipLookup -WhatIf)
        # The local file, and a team store as saved (not contacted); then back to the local file for the rest.
        TipStore          = @((Get-TipStore), (Set-TipStore -PostgreSql -ConnectionString 'Host=db.corp.example;Database=kumatip;Username=soc_analyst' -PassThru))
    }
    Set-TipStore -LiteDb

    function script:Split-Line([string] $Text) { $Text -split '\r?\n' }

    # The lines of a table's header (those above its first dashed line); none for a list.
    function script:Get-HeaderLine([string] $Text) {
        $lines = @(Split-Line $Text | Where-Object { $_.Trim() })
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^[\s-]+$') { if ($i -gt 0) { $lines[0..($i - 1)] }; return }
        }
    }

    function script:Get-ColumnCount([string] $Text) {
        $dashes = Split-Line $Text | Where-Object { $_ -match '^[\s-]+$' -and $_ -match '-' } | Select-Object -First 1
        [regex]::Matches("$dashes", '-+').Count
    }

    function script:Get-Row([string] $Text, [string] $Indicator) {
        @(Split-Line $Text | Where-Object { $_.StartsWith($Indicator) })[0]
    }

    # Label lines of a list with nothing after the colon ("Hits           : ", "WHOIS contacts : :").
    function script:Get-EmptyListLine([string] $Text) {
        @(Split-Line $Text | Where-Object { $_ -match '^\S.*?\s:(\s*:)?\s*$' })
    }

    # Every date string a JSON text holds; not those inside Raw, the portal's own JSON kept as one escaped string.
    function script:Get-JsonDate([string] $Json) {
        @([regex]::Matches($Json, '(?<!\\)"(\d{4}-\d\d-\d\dT[^"\\]*)"') | ForEach-Object { $_.Groups[1].Value })
    }

    function script:ConvertTo-CsvText([object[]] $InputObject) {
        $path = Join-Path $TestDrive ('out-' + [guid]::NewGuid().ToString('N') + '.csv')
        $InputObject | Export-Csv -LiteralPath $path -NoTypeInformation
        Get-Content -LiteralPath $path -Raw
    }
}

Describe 'The default views at 80 columns' {
    It '<Name>: every line fits in 80 columns and the header is one line' -TestCases $typeCases {
        param($Name)
        $text = $outputs[$Name] | Out-String -Width 80
        $text | Should -Not -BeNullOrEmpty
        @(Split-Line $text | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        $header = @(Get-HeaderLine $text)
        if ($header.Count -gt 0) { $header.Count | Should -Be 1 -Because "the header of $Name must not wrap:`n$text" }
        Assert-NoSecretIn $text "the default view of $Name"
    }

    It 'shows every zone in full, and says when the portal has no data' {
        $text = $results | Out-String -Width 80
        Get-Row $text 'daywinners.com' | Should -Match '\bOrange\b'
        Get-Row $text 'cdn-adclick-tracker.biz' | Should -Match '\bYellow\b'
        Get-Row $text 'example.com' | Should -Match '\bGrey\b'
        Get-Row $text 'sim-404-nothing.example' | Should -Match '\bGrey\b.*no data'
    }

    It 'shows indicators up to a SHA-1 and the categories, without the CATEGORY_ prefix' {
        $text = $results | Out-String -Width 80
        Get-Row $text '44d88612fea8a8f36de82e1278abb02f' | Should -Match '\bMd5\s+Red\s+MALWARE\b'
        Get-Row $text 'google.com' | Should -Match 'SEARCH_ENGINES_AND_SERV'
        Get-Row $text 'http://dd.daywinners.com/d/' | Should -Match 'PHISHING'
    }

    It 'shows the licence with when the portal last reported it' {
        $text = Get-TipLicense | Out-String -Width 80
        $text | Should -Match 'LicenseSeenAt'
        $text | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d'
    }
}

Describe 'Wider consoles' {
    It 'show more columns of results at 200 than at 80' {
        $narrow = $results | Out-String -Width 80
        $wide = $results | Out-String -Width 200
        (Get-ColumnCount $wide) | Should -BeGreaterThan (Get-ColumnCount $narrow)
        @(Get-HeaderLine $wide).Count | Should -Be 1
        @(Split-Line $wide | Where-Object { $_.Length -gt 200 }) | Should -BeNullOrEmpty
    }

    It 'keep the header of <Name> on one line at 120 and 200 columns' -TestCases $typeCases {
        param($Name)
        foreach ($width in 120, 200) {
            $text = $outputs[$Name] | Out-String -Width $width
            $header = @(Get-HeaderLine $text)
            if ($header.Count -gt 0) { $header.Count | Should -Be 1 -Because "the header of $Name at $width columns must not wrap:`n$text" }
        }
    }
}

Describe 'The card view of a result (Format-List)' {
    BeforeAll { $script:card = $results | Format-List | Out-String -Width 80 }

    It 'prints no label without a value' {
        Get-EmptyListLine $card | Should -BeNullOrEmpty
        $card | Should -Not -Match 'WHOIS contacts\s*:\s*:'
    }

    It 'still shows the WHOIS contacts and registrar of a domain and the hits of a hash' {
        $card | Should -Match 'WHOIS contacts : registrant: '
        $card | Should -Match 'Registrar\s+: \S'
        $card | Should -Match 'Hits\s+: \d+'
    }

    It 'says when the portal has no data' {
        $card | Should -Match 'Zone\s+: Grey \(the portal has no data\)'
    }

    It 'prints no label without a value for <Name> either' -TestCases $typeCases {
        param($Name)
        $text = $outputs[$Name] | Format-List | Out-String -Width 80
        Get-EmptyListLine $text | Should -BeNullOrEmpty
        Assert-NoSecretIn $text "Format-List of $Name"
    }
}

Describe 'ConvertTo-Json of the raw objects' {
    It 'writes zones and types as names, at the default depth and deeper' {
        foreach ($depth in 2, 10) {
            $json = $results | ConvertTo-Json -Depth $depth -WarningAction SilentlyContinue
            $json | Should -Match '"Zone":\s*"Red"'
            $json | Should -Match '"Type":\s*"Md5"'
            $json | Should -Not -Match '"(Zone|SignerZone|Type)":\s*\d'
        }
    }

    It 'writes ReceivedAt and every other date as ISO 8601 with the offset' {
        $json = $results | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue
        $json | Should -Match '"ReceivedAt":\s*"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00"'
        $dates = Get-JsonDate $json
        $dates.Count | Should -BeGreaterThan $results.Count
        $dates | Where-Object { $_ -notmatch '\+00:00$' } | Should -BeNullOrEmpty
    }

    It 'writes no type names, only values' {
        $json = $results | ConvertTo-Json -WarningAction SilentlyContinue
        $json | Should -Not -Match '"(KumaTip|System)\.[\w.`]+'
    }

    It '<Name>: statuses, zones and types as names, one date form, no type names, no secret' -TestCases $typeCases {
        param($Name)
        $json = $outputs[$Name] | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue
        $json | Should -Not -Match '"(Zone|SignerZone|Type|Status)":\s*\d'
        Get-JsonDate $json | Where-Object { $_ -notmatch '\+00:00$' } | Should -BeNullOrEmpty
        $json | Should -Not -Match '"(KumaTip|System)\.[\w.`]+'
        Assert-NoSecretIn $json "ConvertTo-Json of $Name"
    }

    It 'writes a task''s status and an indicator''s type as names' {
        $outputs.TipTask | ConvertTo-Json | Should -Match '"Status":\s*"Completed"'
        $outputs.TipIndicator | ConvertTo-Json | Should -Match '"Type":\s*"Url"'
    }
}

Describe 'Export-Csv of the raw objects' {
    It 'writes zones, types, joined categories and no type names for results' {
        $csv = ConvertTo-CsvText $results
        $csv | Should -Not -Match 'System\.String\[\]'
        $csv | Should -Not -Match '"(KumaTip|System)\.[\w.`\[\], =]+"'
        $rows = @($csv | ConvertFrom-Csv)
        $rows.Count | Should -Be $values.Count
        $rows[0].Zone | Should -Be 'Red'
        $rows[0].Type | Should -Be 'Url'
        $rows[0].Categories | Should -Be 'CATEGORY_PHISHING'
        $rows[0].Sections | Should -Match '^LicenseInfo; Zone; '
        ($rows | Where-Object Indicator -EQ 'sim-404-nothing.example').Zone | Should -Be 'Grey'
        [datetimeoffset]::Parse($rows[0].ReceivedAt).Offset | Should -Be ([timespan]::Zero)
    }

    It '<Name>: no type name in any cell, no secret' -TestCases $typeCases {
        param($Name)
        $csv = ConvertTo-CsvText $outputs[$Name]
        $csv | Should -Not -Match '"(KumaTip|System)\.[\w.`\[\], =]+"'
        Assert-NoSecretIn $csv "Export-Csv of $Name"
    }
}

Describe 'The objects still work in the pipeline' {
    It 'filters by zone name, refreshes by type and reports' {
        @($results | Where-Object Zone -EQ Red).Count | Should -Be 3
        @($results | Where-Object Type -EQ 'Domain').Count | Should -Be 5
        @(Get-TipLookup -Zone Red).Count | Should -Be 3
        $updated = @(Get-TipLookup -Zone Orange | Update-TipLookup)
        $updated.Indicator | Should -Be 'daywinners.com'
        $updated[0].ReceivedAt | Should -BeOfType [datetimeoffset]
        $path = Join-Path $TestDrive 'report.csv'
        Get-TipLookup | Export-TipReport -Path $path -Format Csv | Out-Null
        @(Import-Csv -LiteralPath $path).Count | Should -Be $values.Count
    }

    It 'sorts by severity when asked to, with the zone names' {
        $sorted = $results | Sort-Object { [KumaTip.Core.Api.TipZone]$_.Zone }
        $sorted[0].Zone | Should -Be 'Red'
        $sorted[-1].Zone | Should -Be 'Green'
    }
}
