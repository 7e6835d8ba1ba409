namespace KumaTip.Simulator.Data;

/// <summary>Realistic building blocks for generated answers.</summary>
internal static class DataPools
{
    public static readonly string[] Zones = ["Red", "Orange", "Yellow", "Grey", "Green"];

    /// <summary>Files have no Orange zone (tip-api.md §6).</summary>
    public static readonly string[] FileZones = ["Red", "Yellow", "Grey", "Green"];

    public static readonly string[] RedCategories =
    [
        "CATEGORY_MALWARE", "CATEGORY_PHISHING", "CATEGORY_BOTNET_CNC", "CATEGORY_COMPROMISED",
    ];

    public static readonly string[] OrangeCategories = ["CATEGORY_COMPROMISED", "CATEGORY_MALWARE", "CATEGORY_PHISHING"];

    public static readonly string[] YellowCategories = ["CATEGORY_ADWARE", "CATEGORY_RISKWARE"];

    public static readonly string[] GreenCategories =
    [
        "CATEGORY_INFORMATION_TECHNOLOGIES", "CATEGORY_SEARCH_ENGINES_AND_SERVICES", "CATEGORY_NEWS_MEDIA",
        "CATEGORY_SOFTWARE_AUDIO_VIDEO", "CATEGORY_BANKS", "CATEGORY_INTERNET_COMMUNICATION_MEDIA",
    ];

    public static readonly string[] Words =
    [
        "alpha", "cloud", "secure", "update", "portal", "mail", "static", "cdn", "login", "files", "data", "media",
        "shop", "news", "market", "bank", "service", "office", "verify", "account", "global", "north", "river",
        "stone", "bright", "quick", "daily", "winner", "prime", "delta", "orbit", "pixel", "nova", "zenith", "lumen",
    ];

    public static readonly string[] Tlds = ["com", "net", "org", "info", "ru", "de", "io", "xyz", "top", "biz", "co.uk", "online"];

    public static readonly string[] MaliciousDetections =
    [
        "Trojan.Win32.Agent.gen", "Trojan-Banker.Win32.Cridex.gen", "HEUR:Trojan.Win32.Generic",
        "Trojan-Downloader.Win32.Upatre.a", "Backdoor.Win32.Androm.gen", "Trojan-Ransom.Win32.Blocker.a",
        "HEUR:Trojan-PSW.Win32.Stealer.gen", "Exploit.MSOffice.CVE-2017-11882.gen", "HEUR:Trojan.Script.Generic",
        "Trojan-Spy.Win32.Zbot.a", "Worm.Win32.Phorpiex.a", "HEUR:Trojan-Dropper.MSIL.Agent.gen",
    ];

    public static readonly string[] AdwareDetections =
    [
        "not-a-virus:HEUR:AdWare.Win32.Generic", "not-a-virus:Downloader.Win32.Agent.a",
        "not-a-virus:HEUR:RiskTool.Win32.BitCoinMiner.gen", "not-a-virus:WebToolbar.Win32.Agent.a",
    ];

    public static readonly string[] DetectionMethods = ["Signature", "Heuristic", "Expert analysis", "Cloud"];

    public static readonly string[] FileTypes = ["exe x32", "exe x64", "dll x32", "dll x64", "pdf", "zip", "doc", "js", "msi", "elf x64"];

    public static readonly string[] FileNameStems =
    [
        "setup", "invoice", "update", "svchost", "document", "install", "payment", "report", "chrome_installer",
        "scan", "photo", "readme", "driver", "patch", "loader", "client",
    ];

    public static readonly string[] Extensions = ["exe", "dll", "pdf", "zip", "doc", "js", "msi", "scr", "bat"];

    public static readonly string[] PathTemplates =
    [
        "%temp%\\", "%appdata%\\microsoft\\", "%programfiles%\\{0}\\", "%userprofile%\\downloads\\",
        "%systemroot%\\system32\\", "%localappdata%\\{0}\\", "c:\\users\\public\\",
    ];

    public static readonly string[] Locations = ["Local", "Removable drive", "Network", "Unknown"];

    public static readonly string[] Signers =
    [
        "Microsoft Corporation", "Google LLC", "Mozilla Corporation", "Adobe Inc.", "Oracle America, Inc.",
        "Kaspersky Lab JSC", "NVIDIA Corporation", "Intel Corporation",
    ];

    public static readonly string[] Packers = ["UPX", "ASPack", "Themida", "MPRESS", "PECompact"];

    public static readonly string[] Countries = ["US", "DE", "NL", "RU", "FR", "GB", "CN", "SG", "JP", "BR", "IN", "CA", "SE", "UA", "KR"];

    public static readonly string[] Industries =
    [
        "Financial", "Government", "Industrial", "Telecommunications", "Healthcare", "Education", "IT", "Retail",
        "Energy", "Transportation", "Media", "Military",
    ];

    public static readonly (int Number, string Description)[] Asns =
    [
        (13335, "CLOUDFLARENET"), (15169, "GOOGLE"), (16509, "AMAZON-02"), (8075, "MICROSOFT-CORP-MSN-AS-BLOCK"),
        (24940, "HETZNER-AS"), (16276, "OVH"), (14061, "DIGITALOCEAN-ASN"), (9009, "M247"), (20473, "AS-CHOOPA"),
        (200019, "ALEXHOST"), (49505, "SELECTEL"), (4134, "CHINANET-BACKBONE"),
    ];

    public static readonly (string Info, int IanaId, string Email)[] Registrars =
    [
        ("MarkMonitor Inc.", 292, "abusecomplaints@markmonitor.com"),
        ("NameCheap, Inc.", 1068, "abuse@namecheap.com"),
        ("GoDaddy.com, LLC", 146, "abuse@godaddy.com"),
        ("PDR Ltd. d/b/a PublicDomainRegistry.com", 303, "abuse-contact@publicdomainregistry.com"),
        ("Tucows Domains Inc.", 69, "domainabuse@tucows.com"),
        ("REG.RU LLC", 1606, "abuse@reg.ru"),
        ("NameSilo, LLC", 1479, "abuse@namesilo.com"),
    ];

    public static readonly string[] DomainStatuses =
    [
        "clientTransferProhibited", "clientDeleteProhibited", "clientUpdateProhibited", "serverTransferProhibited", "ok",
    ];

    public static readonly string[] AptReports =
    [
        "Lazarus targets defense industry with ThreatNeedle", "MosaicRegressor: lurking in the shadows of UEFI",
        "Andariel evolves to target South Korea with ransomware", "Tomiris called, they want their Turla malware back",
        "Cycldek: bridging the (air) gap", "Operation TunnelSnake", "DarkHalo after SolarWinds", "Crimeware: Emotet returns",
    ];

    public static readonly string[] FeedNames =
    [
        "Malicious_Hash_Data_Feed", "Phishing_URL_Data_Feed", "Botnet_CnC_URL_Data_Feed", "Malicious_URL_Data_Feed",
        "IP_Reputation_Data_Feed", "Mobile_Botnet_CnC_URL_Data_Feed",
    ];

    public static readonly string[] MaskTypes = ["Domain", "Url", "UrlMask"];
}
