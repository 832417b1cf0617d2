"""Machine-readable zones of the chip-based ID card: the QR payload and the ICAO TD1 MRZ."""

from __future__ import annotations

import datetime as dt
import unicodedata

__all__ = ["check_digit", "mrz_td1", "mrz_td3", "qr_payload", "to_mrz_name"]

_WEIGHTS = (7, 3, 1)


def check_digit(data: str) -> str:
    """ICAO 9303 check digit: digits as is, A–Z as 10–35, ``<`` as 0, weights 7-3-1."""
    total = 0
    for i, ch in enumerate(data):
        if ch.isdigit():
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        elif ch == "<":
            value = 0
        else:
            raise ValueError(f"character {ch!r} cannot appear in an MRZ")
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def to_mrz_name(text: str) -> str:
    """Upper-case ASCII for the MRZ: diacritics dropped, Đ as D, spaces as ``<``."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return "<".join(ascii_text.upper().split())


def _yymmdd(day: dt.date) -> str:
    return day.strftime("%y%m%d")


def mrz_td1(
    *,
    id_number: str,
    surname: str,
    given_names: str,
    birth: dt.date,
    male: bool,
    expiry: dt.date,
) -> tuple[str, str, str]:
    """The three 30-character lines of the card's back.

    As on Vietnamese cards: the document number is the last 9 digits of the personal ID
    number and the optional data of line 1 holds the whole 12-digit number.
    """
    doc_number = id_number[-9:]
    line1 = f"IDVNM{doc_number}{check_digit(doc_number)}{id_number}".ljust(30, "<")
    birth_s, expiry_s = _yymmdd(birth), _yymmdd(expiry)
    line2 = (
        f"{birth_s}{check_digit(birth_s)}{'M' if male else 'F'}{expiry_s}{check_digit(expiry_s)}VNM"
    ).ljust(29, "<")
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += check_digit(composite)
    name = f"{to_mrz_name(surname)}<<{to_mrz_name(given_names)}"
    line3 = name[:30].ljust(30, "<")
    return line1, line2, line3


def qr_payload(
    *,
    id_number: str,
    old_id: str,
    full_name: str,
    birth: dt.date,
    gender: str,
    address: str,
    issue: dt.date,
) -> str:
    """The chip card's QR text: ``id|old id|name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy``."""
    parts = (
        id_number,
        old_id,
        full_name,
        birth.strftime("%d%m%Y"),
        gender,
        address,
        issue.strftime("%d%m%Y"),
    )
    return unicodedata.normalize("NFC", "|".join(parts))


def mrz_td3(
    *,
    passport_number: str,
    surname: str,
    given_names: str,
    birth: dt.date,
    male: bool,
    expiry: dt.date,
    personal_number: str,
) -> tuple[str, str]:
    """The two 44-character lines of a passport's data page (ICAO 9303 TD3)."""
    name = f"{to_mrz_name(surname)}<<{to_mrz_name(given_names)}"
    line1 = f"P<VNM{name}"[:44].ljust(44, "<")
    number = passport_number.ljust(9, "<")
    personal = personal_number.ljust(14, "<")
    birth_s, expiry_s = _yymmdd(birth), _yymmdd(expiry)
    line2 = (
        f"{number}{check_digit(number)}VNM{birth_s}{check_digit(birth_s)}{'M' if male else 'F'}"
        f"{expiry_s}{check_digit(expiry_s)}{personal}{check_digit(personal)}"
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + check_digit(composite)
