"""Citizens with consistent data: names, birth, gender, province and a matching ID number."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from samples.places import PROVINCE_CODES, Address, random_address, random_province

__all__ = [
    "Person",
    "add_months",
    "date_long",
    "date_short",
    "id_number_for",
    "random_date",
    "random_person",
]

_SURNAMES = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lương", 1),
)  # fmt: skip
_MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Xuân", "Công", "Đình", "Hoàng")
_MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Phương", "Mỹ", "Hồng", "Bích", "Diệu")
_GIVEN_M = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khải", "Khoa",
    "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng",
    "Thịnh", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ", "Đức", "Lộc",
)  # fmt: skip
_GIVEN_F = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền",
    "Lan", "Linh", "Loan", "Mai", "My", "Ngân", "Nga", "Nhung", "Oanh", "Phượng",
    "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Ánh",
)  # fmt: skip
_ETHNIC = (("Kinh", 90), ("Tày", 2), ("Thái", 2), ("Mường", 2), ("Khmer", 2), ("Hoa", 2))


@dataclass(frozen=True)
class Person:
    """A citizen; every derived number agrees with these facts."""

    surname: str
    middle: str
    given: str
    male: bool
    birth: dt.date
    birth_province: str
    """Province where the birth was registered: the first 3 digits of the ID number."""
    origin: Address
    """Quê quán."""
    residence: Address
    """Nơi thường trú."""
    id_number: str
    old_id: str
    """Former 9-digit CMND number, or empty."""
    ethnicity: str

    @property
    def full_name(self) -> str:
        """Title case, as the ground truth wants it: ``Nguyễn Văn An``."""
        return f"{self.surname} {self.middle} {self.given}"

    @property
    def upper_name(self) -> str:
        """As printed on most papers: ``NGUYỄN VĂN AN``."""
        return self.full_name.upper()

    @property
    def gender(self) -> str:
        return "Nam" if self.male else "Nữ"


def id_number_for(province: str, birth: dt.date, male: bool, serial: int) -> str:
    """The 12-digit personal ID number: province, century+gender, year, 6-digit serial."""
    century_digit = 2 * ((birth.year // 100) - 19) + (0 if male else 1)
    if not 0 <= century_digit <= 9:
        raise ValueError(f"birth year {birth.year} outside what an ID number can encode")
    return f"{PROVINCE_CODES[province]}{century_digit}{birth.year % 100:02d}{serial:06d}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def date_long(day: dt.date, *, place: str = "") -> str:
    """``Hà Nội, ngày 05 tháng 3 năm 2021``.

    As Decree 30/2020 writes dates: days below 10 and the months 1 and 2 get a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31/08 + 6 -> 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def date_short(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def random_person(
    rng: random.Random,
    *,
    male: bool | None = None,
    born_after: dt.date = dt.date(1950, 1, 1),
    born_before: dt.date = dt.date(2006, 12, 31),
    surname: str | None = None,
) -> Person:
    """A citizen whose ID number agrees with birth date, gender and province of birth."""
    is_male = rng.random() < 0.5 if male is None else male
    names, weights = zip(*_SURNAMES, strict=True)
    family = surname or rng.choices(names, weights=weights)[0]
    middle = rng.choice(_MIDDLE_M if is_male else _MIDDLE_F)
    given = rng.choice(_GIVEN_M if is_male else _GIVEN_F)
    birth = random_date(rng, born_after, born_before)
    province = random_province(rng)
    origin = random_address(rng, province)
    residence = random_address(rng, province if rng.random() < 0.5 else None)
    eth, ew = zip(*_ETHNIC, strict=True)
    return Person(
        surname=family,
        middle=middle,
        given=given,
        male=is_male,
        birth=birth,
        birth_province=province,
        origin=origin,
        residence=residence,
        id_number=id_number_for(province, birth, is_male, rng.randint(0, 999_999)),
        old_id=f"{rng.randint(0, 999_999_999):09d}" if rng.random() < 0.5 else "",
        ethnicity=rng.choices(eth, weights=ew)[0],
    )
