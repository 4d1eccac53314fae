#!/usr/bin/env python3
"""A click's visitor id and address hash as the `clicks` table holds them: two signed 64-bit
integers each (visitor_high and visitor_low, address_high and address_low), the more significant
half first, not 26 and 32 characters. See src/store/sqlite/schema/0025_compact_clicks.sql and
src/store/postgres/schema/0014_compact_clicks.sql (domain::Bits128 in src/domain/ids.h).

* A visitor id is a ULID: 26 lower-case Crockford base32 digits, the first at most '7' (130 bits
  of which the top two are zero), read as a 128-bit big-endian unsigned integer.
* An address hash is 32 lower-case hexadecimal digits, the first 16 being the high half.

Each half is stored as the signed reinterpretation of its 64 bits (two's complement), as SQLite and
PostgreSQL have no unsigned 64-bit integer. Standard library only; run it for a self-check.
"""

from __future__ import annotations

import re

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ULID = re.compile(r"[0-7][0-9a-hjkmnp-tv-z]{25}")
_HASH = re.compile(r"[0-9a-f]{32}")
# Crockford's digits to the ones int(..., 32) reads (0-9, a-v), so that a ULID is parsed in C.
_TO_BASE32 = str.maketrans(CROCKFORD, "0123456789abcdefghijklmnopqrstuv")
_MASK = (1 << 64) - 1


def _signed(half: int) -> int:
    return half - (1 << 64) if half >= 1 << 63 else half


def _halves(value: int) -> tuple[int, int]:
    return _signed(value >> 64), _signed(value & _MASK)


def _value(high: int, low: int) -> int:
    return (high & _MASK) << 64 | (low & _MASK)


def is_ulid(text: str) -> bool:
    """True when `text` is a visitor id the server keeps (and the only kind `clicks` can hold)."""
    return _ULID.fullmatch(text) is not None


def ulid_halves(text: str) -> tuple[int, int]:
    """(visitor_high, visitor_low) of a ULID; ValueError for any other text."""
    if not is_ulid(text):
        raise ValueError(f"not a ULID: {text!r}")
    return _halves(int(text.translate(_TO_BASE32), 32))


def ulid_from_halves(high: int, low: int) -> str:
    """The 26 digits of the ULID held by visitor_high and visitor_low."""
    value = _value(high, low)
    return "".join(CROCKFORD[(value >> (5 * (25 - i))) & 31] for i in range(26))


def hash_halves(hex32: str) -> tuple[int, int]:
    """(address_high, address_low) of an address hash; ValueError for any other text."""
    if _HASH.fullmatch(hex32) is None:
        raise ValueError(f"not 32 lower-case hexadecimal digits: {hex32!r}")
    return _halves(int(hex32, 16))


def hash_from_halves(high: int, low: int) -> str:
    """The 32 hexadecimal digits of the address hash held by address_high and address_low."""
    return "%032x" % _value(high, low)


if __name__ == "__main__":
    # The example of the ULID specification: 48 bits of milliseconds, then 80 random bits.
    example = "01arz3ndektsv4rrffq69g5fav"
    high, low = ulid_halves(example)
    assert (high & _MASK) >> 16 == 1469922850259, high
    assert ulid_from_halves(high, low) == example
    for text in ("00000000000000000000000000", "7zzzzzzzzzzzzzzzzzzzzzzzzz", "01jgmz00000000000000000042"):
        assert ulid_from_halves(*ulid_halves(text)) == text, text
    assert ulid_halves("7zzzzzzzzzzzzzzzzzzzzzzzzz") == (-1, -1)
    for bad in ("81arz3ndektsv4rrffq69g5fav", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "01arz3ndektsv4rrffq69g5fa",
                "01arz3ndektsv4rrffq69g5fau", "AAAAAAAAAAAAAAAAAAAAAA"):
        assert not is_ulid(bad), bad
        try:
            ulid_halves(bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)
    for text in ("0123456789abcdef0123456789abcdef", "ffffffffffffffff0000000000000001", "0" * 32):
        high, low = hash_halves(text)
        assert -(1 << 63) <= high < 1 << 63 and -(1 << 63) <= low < 1 << 63
        assert hash_from_halves(high, low) == text, text
    assert hash_halves("ffffffffffffffff0000000000000001") == (-1, 1)
    assert hash_halves("8000000000000000" + "7fffffffffffffff") == (-(1 << 63), (1 << 63) - 1)
    print("click_columns: ok")
