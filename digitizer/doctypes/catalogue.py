"""The document type catalogue: shipped YAML plus any agency file, validated on load."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from digitizer.doctypes.errors import CatalogueError
from digitizer.doctypes.text import fold_all, nfc

__all__ = [
    "ENV_EXTRA_CATALOGUE",
    "KNOWN_FIELDS",
    "UNKNOWN",
    "Catalogue",
    "DocTypeSpec",
    "ValiditySpec",
    "load_catalogue",
]

#: Environment variable naming an agency's extra catalogue file (os.pathsep-separated).
ENV_EXTRA_CATALOGUE = "SOHOA_DOCTYPES_CATALOGUE"
#: The code given when no type fits well enough.
UNKNOWN = "unknown"
#: Field names extraction knows how to read; a catalogue may list only these.
KNOWN_FIELDS = frozenset(
    {
        "full_name", "id_number", "date_of_birth", "gender", "place_of_origin", "residence",
        "document_number", "issue_date", "expiry_date", "issuing_authority",
        "enterprise_code", "enterprise_name", "parcel_number", "map_sheet_number",
        "father_name", "mother_name", "husband_name", "wife_name",
    }
)  # fmt: skip
_VALIDITY_KINDS = frozenset({"indefinite", "months", "until_field"})


@dataclass(frozen=True, slots=True)
class ValiditySpec:
    """How long an issued paper of a type stays valid."""

    kind: str
    """``indefinite``, ``months`` (from issue_date) or ``until_field``."""
    months: int | None = None
    """For ``months``: how many months after the issue date."""
    field: str | None = None
    """For ``until_field``: the field holding the last valid day."""


@dataclass(frozen=True, slots=True)
class DocTypeSpec:
    """One catalogue entry."""

    code: str
    """Stable snake_case identifier."""
    name_vi: str
    """Vietnamese name for staff."""
    name_en: str
    """English name."""
    titles: tuple[str, ...]
    """Title phrases (NFC); matched folded near the top of a page."""
    keywords: tuple[str, ...]
    """Body phrases typical of the type (NFC)."""
    fields: tuple[str, ...]
    """The fields this type carries."""
    validity: ValiditySpec
    """How long it stays valid."""
    fallback: bool = False
    """True for the catch-all official-text type."""
    origin: str = "shipped"
    """``shipped`` or the path of the agency file that defined it."""

    @property
    def folded_titles(self) -> tuple[str, ...]:
        return fold_all(self.titles)

    def fingerprint(self) -> str:
        """What the classifier model depends on; a change makes a trained model stale."""
        payload = [self.code, list(self.titles), list(self.keywords), list(self.fields)]
        return json.dumps(payload, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The loaded catalogue, in file order (shipped first, then agency files)."""

    types: tuple[DocTypeSpec, ...]
    """All entries; codes unique."""

    def __post_init__(self) -> None:
        codes = [t.code for t in self.types]
        if len(set(codes)) != len(codes):
            raise CatalogueError("duplicate type codes in the catalogue")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.types)

    def get(self, code: str) -> DocTypeSpec | None:
        for spec in self.types:
            if spec.code == code:
                return spec
        return None

    @property
    def fallback(self) -> DocTypeSpec | None:
        return next((t for t in self.types if t.fallback), None)

    def digest(self, codes: Sequence[str] | None = None) -> str:
        """SHA-256 over the entries named (all by default), in code order."""
        wanted = sorted(codes if codes is not None else self.codes)
        h = hashlib.sha256()
        for code in wanted:
            spec = self.get(code)
            h.update((spec.fingerprint() if spec else f"<missing {code}>").encode())
            h.update(b"\n")
        return h.hexdigest()


def _require(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise CatalogueError(f"{where}: the entry lacks '{key}'; add it and reload")
    return entry[key]


def _str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"{where}: '{key}' must be a list of strings")
    return tuple(nfc(v) for v in value)


def _parse_validity(raw: Any, where: str) -> ValiditySpec:
    if raw is None:
        return ValiditySpec("indefinite")
    if not isinstance(raw, dict) or raw.get("kind") not in _VALIDITY_KINDS:
        raise CatalogueError(f"{where}: 'validity.kind' must be one of {sorted(_VALIDITY_KINDS)}")
    kind = raw["kind"]
    if kind == "months" and not (isinstance(raw.get("months"), int) and raw["months"] > 0):
        raise CatalogueError(f"{where}: validity 'months' needs a positive integer 'months'")
    if kind == "until_field" and raw.get("field") not in KNOWN_FIELDS:
        raise CatalogueError(f"{where}: validity 'until_field' needs a known 'field'")
    return ValiditySpec(kind, raw.get("months"), raw.get("field"))


def _parse_entry(entry: Any, origin: str, index: int) -> DocTypeSpec:
    where = f"{origin} entry {index + 1}"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: each type must be a mapping")
    code = _require(entry, "code", where)
    if not isinstance(code, str) or not code.isidentifier() or code != code.lower():
        raise CatalogueError(f"{where}: code must be snake_case, got {code!r}")
    if code == UNKNOWN:
        raise CatalogueError(f"{where}: '{UNKNOWN}' is reserved for 'nothing fits'")
    where = f"{origin} type {code}"
    titles = _str_list(_require(entry, "titles", where), "titles", where)
    if not titles:
        raise CatalogueError(f"{where}: give at least one title phrase")
    fields = _str_list(entry.get("fields", []), "fields", where)
    unknown = sorted(set(fields) - KNOWN_FIELDS)
    if unknown:
        raise CatalogueError(f"{where}: unknown fields {unknown}; known: {sorted(KNOWN_FIELDS)}")
    return DocTypeSpec(
        code=code,
        name_vi=nfc(str(_require(entry, "name_vi", where))),
        name_en=str(entry.get("name_en", code)),
        titles=titles,
        keywords=_str_list(entry.get("keywords", []), "keywords", where),
        fields=fields,
        validity=_parse_validity(entry.get("validity"), where),
        fallback=bool(entry.get("fallback", False)),
        origin=origin,
    )


@lru_cache(maxsize=32)
def _read_entries(text: str, origin: str) -> tuple[DocTypeSpec, ...]:
    """The entries of one catalogue file, parsed once per text: every page's analysis
    loads the catalogue, and parsing the YAML took half of the driver's time per page."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{origin}: not valid YAML ({exc}); fix the file") from None
    if not isinstance(data, dict) or not isinstance(data.get("types"), list):
        raise CatalogueError(f"{origin}: expected a mapping with a 'types' list")
    if data.get("format", 1) != 1:
        raise CatalogueError(f"{origin}: catalogue format {data.get('format')} is not 1")
    return tuple(_parse_entry(e, origin, i) for i, e in enumerate(data["types"]))


@lru_cache(maxsize=8)
def _shipped_text() -> str:
    return resources.files("digitizer.doctypes").joinpath("catalogue.yaml").read_text("utf-8")


def load_catalogue(
    extra: Sequence[str | Path] | str | Path | None = None, *, use_env: bool = True
) -> Catalogue:
    """The shipped catalogue merged with agency files (later entries replace same codes).

    ``extra`` names agency YAML files; with ``use_env`` the files named by
    ``SOHOA_DOCTYPES_CATALOGUE`` are added after them.
    """
    paths: list[Path] = []
    if isinstance(extra, str | Path):
        paths.append(Path(extra))
    elif extra:
        paths.extend(Path(p) for p in extra)
    if use_env and os.environ.get(ENV_EXTRA_CATALOGUE):
        paths.extend(Path(p) for p in os.environ[ENV_EXTRA_CATALOGUE].split(os.pathsep) if p)
    merged: dict[str, DocTypeSpec] = {t.code: t for t in _read_entries(_shipped_text(), "shipped")}
    for path in paths:
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise CatalogueError(f"catalogue file {path} cannot be read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise CatalogueError(f"catalogue file {path} is not UTF-8 text") from None
        for spec in _read_entries(text, str(path)):
            merged[spec.code] = spec
    types = tuple(merged.values())
    if sum(t.fallback for t in types) > 1:
        raise CatalogueError("more than one type is marked 'fallback: true'; keep one")
    return Catalogue(types)
