using System;
using System.IO;
using System.Text;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// Looks at the first bytes of an indicator file before it is read as text: a byte-order mark decides; without
    /// one, NUL bytes in every other position are UTF-16 (Notepad's "Unicode" and PowerShell 5.1's Out-File write it,
    /// sometimes without a mark), and NUL bytes anywhere else mean the file is not text (an archive, an image,
    /// /dev/zero), refused at once instead of read as one endless line.
    /// </summary>
    internal static class TextFileSniffer
    {
        private const int SampleSize = 4096;

        /// <summary>The encoding to read <paramref name="stream"/> with (rewound), or null when it cannot be rewound to look.</summary>
        public static Encoding? Detect(Stream stream, string path)
        {
            if (!stream.CanSeek) return null; // a pipe (/dev/fd/N): read as UTF-8 with BOM detection, lines bounded
            var sample = new byte[SampleSize];
            var length = 0;
            int read;
            while (length < sample.Length && (read = stream.Read(sample, length, sample.Length - length)) > 0) length += read;
            stream.Seek(0, SeekOrigin.Begin);
            if (length >= 2 && ((sample[0] == 0xFF && sample[1] == 0xFE) || (sample[0] == 0xFE && sample[1] == 0xFF))) return null; // BOM: the reader knows
            if (length >= 3 && sample[0] == 0xEF && sample[1] == 0xBB && sample[2] == 0xBF) return null;

            int evenZeros = 0, oddZeros = 0;
            for (var i = 0; i < length; i++)
            {
                if (sample[i] != 0) continue;
                if (i % 2 == 0) evenZeros++;
                else oddZeros++;
            }
            if (evenZeros == 0 && oddZeros == 0) return null;
            var pairs = length / 2;
            // Text in UTF-16 has a NUL in the high byte of nearly every ASCII character, and almost none in the low one.
            if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05) return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
            if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05) return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
            throw new IndicatorFileException(path,
                "it holds NUL bytes, so it is not a text file (a binary file, an archive or a device?). Give a text, CSV or JSON file of indicators; " +
                "a file saved as UTF-16 is read when it starts with a byte-order mark or is mostly ASCII", "IndicatorFileNotText");
        }
    }
}
