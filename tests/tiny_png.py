#!/usr/bin/env python3
"""A valid 1x1 PNG (tests/lib.sh, lib_png), written to standard output.

    python3 tests/tiny_png.py >FILE

One RGB pixel, 8 bits per channel: the signature, IHDR (1x1, colour type 2),
one zlib-compressed IDAT scan line and IEND, each chunk with its CRC.  Takes
no arguments (2 on a usage error).  Python 3 standard library only.
"""

import struct
import sys
import zlib


def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)


def png():
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80\x40\x20")) + chunk(b"IEND", b""))


def main(argv):
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    sys.stdout.buffer.write(png())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
