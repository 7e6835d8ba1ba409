using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// Encrypts secret values at rest with a random 256-bit data key. The key lives in the data directory:
    /// protected with DPAPI (current user) on Windows, and as an owner-only (0600) file elsewhere.
    /// netstandard2.0 has no AES-GCM, so values are AES-256-CBC then HMAC-SHA256 over everything before the
    /// tag (encrypt-then-MAC). Blob: version (1) | key id (4) | IV (16) | ciphertext | tag (32).
    /// A changed byte, a lost key or another user's key gives <see cref="TipSecretException"/>, never garbage.
    /// </summary>
    public sealed class SecretProtector
    {
        public const string KeyFileName = "secrets.key";
        private const byte Version = 1;
        private const int KeyIdLength = 4;
        private const int IvLength = 16;
        private const int TagLength = 32;
        private static readonly byte[] DpapiEntropy = Encoding.UTF8.GetBytes("KumaTip data key v1");

        private readonly object _gate = new object();
        private Keys? _keys;

        public SecretProtector(string dataDirectory)
            : this(dataDirectory, false)
        {
        }

        /// <param name="dataDirectory">Where the key file is.</param>
        /// <param name="readOnly">The directory cannot be written: a missing key is then a read-only error, not a new key.</param>
        public SecretProtector(string dataDirectory, bool readOnly)
        {
            KeyPath = Path.Combine(dataDirectory, KeyFileName);
            _readOnly = readOnly;
        }

        private readonly bool _readOnly;

        /// <summary>The file holding the (protected) data key.</summary>
        public string KeyPath { get; }

        public byte[] Protect(byte[] plaintext)
        {
            if (plaintext == null) throw new ArgumentNullException(nameof(plaintext));
            var keys = LoadKeys(createIfMissing: true);
            using var aes = Aes.Create();
            aes.KeySize = 256;
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.PKCS7;
            aes.Key = keys.Encryption;
            aes.GenerateIV();
            byte[] cipher;
            using (var encryptor = aes.CreateEncryptor())
            {
                cipher = encryptor.TransformFinalBlock(plaintext, 0, plaintext.Length);
            }
            var blob = new byte[1 + KeyIdLength + IvLength + cipher.Length + TagLength];
            blob[0] = Version;
            Buffer.BlockCopy(keys.Id, 0, blob, 1, KeyIdLength);
            Buffer.BlockCopy(aes.IV, 0, blob, 1 + KeyIdLength, IvLength);
            Buffer.BlockCopy(cipher, 0, blob, 1 + KeyIdLength + IvLength, cipher.Length);
            var tag = Mac(keys, blob, blob.Length - TagLength);
            Buffer.BlockCopy(tag, 0, blob, blob.Length - TagLength, TagLength);
            return blob;
        }

        public byte[] Unprotect(byte[] blob)
        {
            if (blob == null) throw new ArgumentNullException(nameof(blob));
            if (blob.Length < 1 + KeyIdLength + IvLength + 16 + TagLength || blob[0] != Version)
            {
                throw Tampered();
            }
            var keys = LoadKeys(createIfMissing: false);
            if (!FixedTimeEquals(keys.Id, 0, blob, 1, KeyIdLength))
            {
                throw new TipSecretException(TipSecretError.KeyMissing,
                    $"A stored secret was encrypted with a different key than '{KeyPath}' holds (the key file was replaced, or the data " +
                    "directory was copied from another user or machine). Enter the secret again with Set-TipSecret.");
            }
            var expected = Mac(keys, blob, blob.Length - TagLength);
            if (!FixedTimeEquals(expected, 0, blob, blob.Length - TagLength, TagLength))
            {
                throw Tampered();
            }
            using var aes = Aes.Create();
            aes.KeySize = 256;
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.PKCS7;
            aes.Key = keys.Encryption;
            var iv = new byte[IvLength];
            Buffer.BlockCopy(blob, 1 + KeyIdLength, iv, 0, IvLength);
            aes.IV = iv;
            using var decryptor = aes.CreateDecryptor();
            var offset = 1 + KeyIdLength + IvLength;
            return decryptor.TransformFinalBlock(blob, offset, blob.Length - offset - TagLength);
        }

        public byte[] ProtectString(string value) => Protect(Encoding.UTF8.GetBytes(value));

        public string UnprotectString(byte[] blob) => Encoding.UTF8.GetString(Unprotect(blob));

        private TipSecretException Tampered() => new TipSecretException(TipSecretError.Tampered,
            "A stored secret failed its integrity check: the database was modified or damaged outside KumaTip. " +
            "Enter the secret again with Set-TipSecret (or remove it with Remove-TipSecret -Force).");

        private static byte[] Mac(Keys keys, byte[] data, int count)
        {
            using var hmac = new HMACSHA256(keys.Authentication);
            return hmac.ComputeHash(data, 0, count);
        }

        private static bool FixedTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            var diff = 0;
            for (var i = 0; i < count; i++)
            {
                diff |= a[aOffset + i] ^ b[bOffset + i];
            }
            return diff == 0;
        }

        private Keys LoadKeys(bool createIfMissing)
        {
            lock (_gate)
            {
                if (_keys != null) return _keys;
                byte[]? master = ReadKey();
                if (master == null)
                {
                    if (!createIfMissing)
                    {
                        throw new TipSecretException(TipSecretError.KeyMissing,
                            $"The encryption key '{KeyPath}' is missing, so stored secrets cannot be decrypted. " +
                            "Enter the secret again with Set-TipSecret.");
                    }
                    master = CreateKey();
                }
                _keys = Keys.Derive(master);
                Array.Clear(master, 0, master.Length);
                return _keys;
            }
        }

        private byte[]? ReadKey()
        {
            byte[] stored;
            try
            {
                stored = File.ReadAllBytes(KeyPath);
            }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
            return IsWindows ? UnprotectWithDpapi(stored) : CheckLength(stored);
        }

        private byte[] CheckLength(byte[] key)
        {
            if (key.Length != 32)
            {
                throw new TipSecretException(TipSecretError.Tampered,
                    $"The encryption key '{KeyPath}' is damaged (wrong length). Restore it, or delete it and enter the secrets again.");
            }
            return key;
        }

        private byte[] UnprotectWithDpapi(byte[] stored)
        {
            try
            {
                return CheckLength(ProtectedData.Unprotect(stored, DpapiEntropy, DataProtectionScope.CurrentUser));
            }
            catch (CryptographicException ex)
            {
                throw new TipSecretException(TipSecretError.KeyMissing,
                    $"The encryption key '{KeyPath}' cannot be opened by this Windows user (DPAPI). Secrets are readable only by " +
                    "the user who stored them; enter them again with Set-TipSecret.", ex);
            }
        }

        private byte[] CreateKey()
        {
            var key = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(key);
            }
            var stored = IsWindows ? ProtectedData.Protect(key, DpapiEntropy, DataProtectionScope.CurrentUser) : key;
            var directory = Path.GetDirectoryName(KeyPath)!;
            if (_readOnly)
            {
                throw DataDirectoryAccess.ReadOnly(directory, KeyPath, "the encryption key '" + KeyPath + "' does not exist yet and cannot be created");
            }
            DataDirectory.EnsureCreated(directory);
            // Written under a private name, owner-only from its creation, then moved into place without overwriting:
            // two processes creating a key at once end up agreeing on the first one.
            var temp = Path.Combine(directory, KeyFileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
            OwnerOnly.CreateFile(temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                stream.Write(stored, 0, stored.Length);
                stream.Flush(true);
            }
            try
            {
                File.Move(temp, KeyPath);
                return key;
            }
            catch (IOException) when (File.Exists(KeyPath))
            {
                File.Delete(temp);
                Array.Clear(key, 0, key.Length);
                return ReadKey() ?? throw new TipSecretException(TipSecretError.KeyMissing, $"The encryption key '{KeyPath}' vanished while being created.");
            }
        }

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Separate encryption and MAC keys derived from the one data key, plus a short id to spot a replaced key.</summary>
        private sealed class Keys
        {
            private Keys(byte[] encryption, byte[] authentication, byte[] id)
            {
                Encryption = encryption;
                Authentication = authentication;
                Id = id;
            }

            public byte[] Encryption { get; }
            public byte[] Authentication { get; }
            public byte[] Id { get; }

            public static Keys Derive(byte[] master)
            {
                using var hmac = new HMACSHA256(master);
                var enc = hmac.ComputeHash(Encoding.ASCII.GetBytes("KumaTip encryption"));
                var mac = hmac.ComputeHash(Encoding.ASCII.GetBytes("KumaTip authentication"));
                var id = new byte[KeyIdLength];
                Buffer.BlockCopy(hmac.ComputeHash(Encoding.ASCII.GetBytes("KumaTip key id")), 0, id, 0, KeyIdLength);
                return new Keys(enc, mac, id);
            }
        }
    }
}
