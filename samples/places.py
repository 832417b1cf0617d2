"""Provinces (with their ID-number codes), districts and wards for realistic addresses."""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["PROVINCE_CODES", "Address", "random_address", "random_province"]

#: Province of birth registration -> the 3-digit code that opens a personal ID number
#: (the 63 provinces before the 2025 merger; codes of existing cards do not change).
PROVINCE_CODES: dict[str, str] = {
    "Hà Nội": "001", "Hà Giang": "002", "Cao Bằng": "004", "Bắc Kạn": "006",
    "Tuyên Quang": "008", "Lào Cai": "010", "Điện Biên": "011", "Lai Châu": "012",
    "Sơn La": "014", "Yên Bái": "015", "Hòa Bình": "017", "Thái Nguyên": "019",
    "Lạng Sơn": "020", "Quảng Ninh": "022", "Bắc Giang": "024", "Phú Thọ": "025",
    "Vĩnh Phúc": "026", "Bắc Ninh": "027", "Hải Dương": "030", "Hải Phòng": "031",
    "Hưng Yên": "033", "Thái Bình": "034", "Hà Nam": "035", "Nam Định": "036",
    "Ninh Bình": "037", "Thanh Hóa": "038", "Nghệ An": "040", "Hà Tĩnh": "042",
    "Quảng Bình": "044", "Quảng Trị": "045", "Thừa Thiên Huế": "046", "Đà Nẵng": "048",
    "Quảng Nam": "049", "Quảng Ngãi": "051", "Bình Định": "052", "Phú Yên": "054",
    "Khánh Hòa": "056", "Ninh Thuận": "058", "Bình Thuận": "060", "Kon Tum": "062",
    "Gia Lai": "064", "Đắk Lắk": "066", "Đắk Nông": "067", "Lâm Đồng": "068",
    "Bình Phước": "070", "Tây Ninh": "072", "Bình Dương": "074", "Đồng Nai": "075",
    "Bà Rịa - Vũng Tàu": "077", "Hồ Chí Minh": "079", "Long An": "080",
    "Tiền Giang": "082", "Bến Tre": "083", "Trà Vinh": "084", "Vĩnh Long": "086",
    "Đồng Tháp": "087", "An Giang": "089", "Kiên Giang": "091", "Cần Thơ": "092",
    "Hậu Giang": "093", "Sóc Trăng": "094", "Bạc Liêu": "095", "Cà Mau": "096",
}  # fmt: skip

_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}

#: province -> district -> wards (a sample of real names).
_DIVISIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "Hà Nội": {
        "Quận Ba Đình": ("Phường Điện Biên", "Phường Kim Mã", "Phường Ngọc Hà"),
        "Quận Cầu Giấy": ("Phường Dịch Vọng", "Phường Nghĩa Đô", "Phường Yên Hòa"),
        "Huyện Đông Anh": ("Xã Uy Nỗ", "Xã Vân Nội", "Thị trấn Đông Anh"),
    },
    "Hồ Chí Minh": {
        "Quận 1": ("Phường Bến Nghé", "Phường Đa Kao", "Phường Tân Định"),
        "Quận Gò Vấp": ("Phường 5", "Phường 10", "Phường 17"),
        "Thành phố Thủ Đức": ("Phường Linh Trung", "Phường Hiệp Phú", "Phường An Khánh"),
    },
    "Đà Nẵng": {
        "Quận Hải Châu": ("Phường Thạch Thang", "Phường Hòa Cường Bắc"),
        "Quận Sơn Trà": ("Phường An Hải Bắc", "Phường Mân Thái"),
    },
    "Hải Phòng": {
        "Quận Lê Chân": ("Phường An Biên", "Phường Dư Hàng Kênh"),
        "Huyện Thủy Nguyên": ("Xã Lưu Kiếm", "Xã Thủy Sơn"),
    },
    "Cần Thơ": {"Quận Ninh Kiều": ("Phường An Hòa", "Phường Xuân Khánh")},
    "Nghệ An": {
        "Thành phố Vinh": ("Phường Hưng Bình", "Phường Lê Lợi"),
        "Huyện Diễn Châu": ("Xã Diễn Kim", "Xã Diễn Hồng"),
    },
    "Thanh Hóa": {
        "Thành phố Thanh Hóa": ("Phường Điện Biên", "Phường Đông Thọ"),
        "Huyện Hoằng Hóa": ("Xã Hoằng Đạt", "Xã Hoằng Quỳ"),
    },
    "Nam Định": {"Huyện Hải Hậu": ("Xã Hải Minh", "Thị trấn Yên Định")},
    "Thái Bình": {"Huyện Vũ Thư": ("Xã Tân Hòa", "Xã Song Lãng")},
    "Quảng Nam": {"Thành phố Hội An": ("Phường Minh An", "Phường Cẩm Phô")},
    "Thừa Thiên Huế": {"Thành phố Huế": ("Phường Phú Hội", "Phường Vĩnh Ninh")},
    "Bình Định": {"Thành phố Quy Nhơn": ("Phường Lê Hồng Phong", "Phường Trần Phú")},
    "Khánh Hòa": {"Thành phố Nha Trang": ("Phường Lộc Thọ", "Phường Vĩnh Phước")},
    "Đắk Lắk": {"Thành phố Buôn Ma Thuột": ("Phường Tân Lợi", "Xã Hòa Thắng")},
    "Đồng Nai": {"Thành phố Biên Hòa": ("Phường Tân Phong", "Phường Quyết Thắng")},
    "Bình Dương": {"Thành phố Thủ Dầu Một": ("Phường Phú Cường", "Phường Hiệp Thành")},
    "An Giang": {"Thành phố Long Xuyên": ("Phường Mỹ Bình", "Phường Mỹ Long")},
    "Lâm Đồng": {"Thành phố Đà Lạt": ("Phường 1", "Phường 8")},
    "Quảng Ninh": {"Thành phố Hạ Long": ("Phường Bãi Cháy", "Phường Hồng Gai")},
    "Bắc Ninh": {"Thành phố Từ Sơn": ("Phường Đồng Kỵ", "Phường Tân Hồng")},
}

_STREETS = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt",
    "Quang Trung", "Phan Chu Trinh", "Hùng Vương", "Điện Biên Phủ", "Nguyễn Huệ",
    "Lê Duẩn", "Trường Chinh", "Võ Thị Sáu", "Hoàng Diệu", "Phạm Ngũ Lão",
)  # fmt: skip

_COMMON_DISTRICTS = ("Châu Thành", "Tân Phú", "Phú Lộc", "Yên Lạc", "Đức Thọ", "Tiên Du", "Kỳ Anh")
_COMMON_WARDS = ("Xã Tân Lập", "Xã Hòa Bình", "Xã Quảng Phú", "Thị trấn Phố Mới", "Xã Đông Hưng")

_VILLAGES = ("Thôn Đông", "Thôn Thượng", "Xóm 3", "Ấp Bình Thạnh", "Tổ dân phố 7", "Thôn Hạ")


@dataclass(frozen=True)
class Address:
    """A Vietnamese address from the street up to the province."""

    street: str
    """House number and street, or a village; may be empty."""
    ward: str
    district: str
    province: str

    def province_title(self) -> str:
        """``Thành phố Hà Nội`` or ``Tỉnh Nghệ An``."""
        return ("Thành phố " if self.province in _CITIES else "Tỉnh ") + self.province

    def full(self) -> str:
        parts = [self.street, self.ward, self.district, self.province_title()]
        return ", ".join(p for p in parts if p)

    def origin(self) -> str:
        """Quê quán style: ward, district, province (no street)."""
        return ", ".join((self.ward, self.district, self.province_title()))


def random_province(rng: random.Random) -> str:
    """Any province, weighted towards those with districts on file."""
    if rng.random() < 0.6:
        return rng.choice(sorted(_DIVISIONS))
    return rng.choice(sorted(PROVINCE_CODES))


def random_address(rng: random.Random, province: str | None = None) -> Address:
    """An address in the province (a random one if None); provinces without districts on
    file get common district and commune names so the province stays what was asked."""
    if province is None:
        province = rng.choice(sorted(_DIVISIONS))
    if province in _DIVISIONS:
        district = rng.choice(sorted(_DIVISIONS[province]))
        ward = rng.choice(_DIVISIONS[province][district])
    else:
        district = "Huyện " + rng.choice(_COMMON_DISTRICTS)
        ward = rng.choice(_COMMON_WARDS)
    if ward.startswith("Xã") or rng.random() < 0.15:
        street = rng.choice(_VILLAGES)
    else:
        street = f"Số {rng.randint(1, 250)} {rng.choice(_STREETS)}"
    return Address(street=street, ward=ward, district=district, province=province)
