"""The printed labels each field follows, folded (no case, no diacritics), most specific first.

Order matters: a line is given to the first field whose label it starts with, so
"họ, chữ đệm, tên người cha" must come before "họ, chữ đệm, tên".
"""

from __future__ import annotations

__all__ = ["BOUNDS", "FIELD_KINDS", "LABELS"]

#: (field, label phrases). Checked in this order against each line.
LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("father_name", ("ho, chu dem, ten nguoi cha", "ho, chu dem va ten cha", "ho va ten cha",
                     "ho ten cha", "ho ten nguoi cha", "ho va ten nguoi cha", "cha:")),
    ("mother_name", ("ho, chu dem, ten nguoi me", "ho, chu dem va ten me", "ho va ten me",
                     "ho ten me", "ho ten nguoi me", "ho va ten nguoi me", "me:")),
    ("husband_name", ("ho, chu dem, ten chong", "ho va ten chong", "ho ten chong", "chong:",
                      "ben chong")),
    ("wife_name", ("ho, chu dem, ten vo", "ho va ten vo", "ho ten vo", "vo:", "ben vo")),
    ("enterprise_code", ("ma so doanh nghiep", "ma so chi nhanh", "ma so thue",
                         "enterprise code")),
    ("enterprise_name", ("ten doanh nghiep viet bang tieng viet",
                         "ten cong ty viet bang tieng viet", "ten doanh nghiep", "ten cong ty",
                         "ten chi nhanh")),
    ("id_number", ("so dinh danh ca nhan", "so can cuoc cong dan", "so can cuoc", "so cccd",
                   "so gcmnd", "id card no", "so cmnd", "so giay to tuy than",
                   "so giay to tuy than/cccd",
                   "personal identification number", "personal identification no",
                   "so / no", "so/no", "so / no.", "so/no.", "identity no")),
    ("full_name", ("ho, chu dem, ten nguoi yeu cau", "ho, chu dem, ten nguoi khai",
                   "ho, chu dem, ten", "ho, chu dem va ten", "ho va ten", "ho ten",
                   "full name", "ten nguoi", "chu su dung", "ong (ba)",
                   "ong:", "ba:", "ong/ba:", "cho:")),
    ("date_of_birth", ("ngay, thang, nam sinh", "ngay thang nam sinh", "ngay sinh",
                       "sinh ngay", "date of birth", "nam sinh")),
    ("gender", ("gioi tinh", "sex")),
    # The 2024 card prints "Nơi đăng ký khai sinh" where the old one printed "Quê quán"; on a
    # birth certificate the same words name the issuing office (claimed there by
    # issuing_authority, which a birth certificate wants and place_of_origin it does not).
    ("place_of_origin", ("que quan", "place of origin", "nguyen quan",
                         "noi dang ky khai sinh")),
    ("residence", ("noi thuong tru", "place of residence", "noi cu tru", "dia chi thuong tru",
                   "noi o hien tai", "dia chi", "cu tru tai", "tru so chinh")),
    ("expiry_date", ("ngay, thang, nam het han", "ngay thang nam het han", "co gia tri den",
                     "date of expiry", "ngay het han", "gia tri den", "co gia tri",
                     "expiry")),
    ("issue_date", ("ngay, thang, nam cap", "ngay thang nam cap", "ngay, thang, nam dang ky",
                    "ngay thang nam dang ky", "ngay cap", "date of issue",
                    "cap ngay", "dang ky lan dau", "ngay dang ky")),
    ("issuing_authority", ("noi cap", "co quan cap", "place of issue", "authority",
                           "noi dang ky")),
    ("document_number", ("so hieu van bang", "so hieu", "so vao so cap bang", "so giay phep",
                         "so ho chieu", "passport no", "so giay chung nhan", "so vao so",
                         "so / no", "so/no", "so:", "so ")),
    ("parcel_number", ("thua dat so",)),
    ("map_sheet_number", ("to ban do so",)),
)  # fmt: skip

#: Labels of things no field reads: they only end the value before them on the same line
#: ("Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam" ends the gender at "Quốc").
BOUNDS: tuple[str, ...] = (
    "quoc tich", "nationality", "dan toc", "ethnicity", "ton giao", "religion",
    "noi sinh", "place of birth", "nghe nghiep", "occupation", "dac diem nhan dang",
    "personal identification", "dien thoai", "telephone", "email", "fax",
)  # fmt: skip

#: How each field's value is parsed.
FIELD_KINDS: dict[str, str] = {
    "full_name": "name", "father_name": "name", "mother_name": "name",
    "husband_name": "name", "wife_name": "name",
    "date_of_birth": "date", "issue_date": "date", "expiry_date": "date",
    "id_number": "id", "enterprise_code": "enterprise", "gender": "gender",
    "document_number": "docnum", "parcel_number": "number", "map_sheet_number": "number",
    "place_of_origin": "text", "residence": "text", "issuing_authority": "text",
    "enterprise_name": "text",
}  # fmt: skip
