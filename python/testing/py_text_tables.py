"""Python 3.11's character tables that engine/py-unicode.ts copies (float() of a str, repr() of a str), as JSON on
stdout: the Unicode version, the first code point of each non-ASCII run of decimal digits, the non-ASCII
whitespace, and the code points from U+007F on that str.isprintable() refuses, as [first, last] ranges.
test/py-unicode-tables.test.ts compares them with the engine's."""
import json
import sys
import unicodedata


def main() -> None:
    digit_zeros = [cp for cp in range(0x80, 0x110000) if unicodedata.decimal(chr(cp), None) == 0]
    wide_spaces = [cp for cp in range(0x80, 0x110000) if chr(cp).isspace()]
    ranges: list[list[int]] = []
    for cp in range(0x7f, 0x110000):
        if chr(cp).isprintable():
            continue
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    json.dump({'python': sys.version.split()[0], 'unicode': unicodedata.unidata_version, 'digit_zeros': digit_zeros,
               'wide_spaces': wide_spaces, 'nonprintable': ranges}, sys.stdout)


if __name__ == '__main__':
    main()
