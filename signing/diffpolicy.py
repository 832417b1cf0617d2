"""Classifying what changed after a signature: pyHanko's policy plus added annotations.

pyHanko's default difference policy explains DSS updates, time-stamps and form filling,
but has no rule for a comment or highlight added to a page, so such a change comes out
as OTHER ("suspicious"). An archivist needs to know it was an annotation: this module
adds one rule that clears, at level ANNOTATIONS, a page whose only change is new
non-widget entries in ``/Annots`` and the new annotation objects themselves. Anything
else still falls through to pyHanko's verdict.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    ModificationLevel,
    ReferenceUpdate,
    StandardDiffPolicy,
    SuspiciousModification,
    WhitelistRule,
)
from pyhanko.sign.diff_analysis.commons import compare_dicts

__all__ = ["SOHOA_DIFF_POLICY", "AddedAnnotationRule"]


def _pages(resolver: HistoricalResolver) -> Iterator[generic.Reference]:
    def walk(node_ref: generic.IndirectObject, depth: int) -> Iterator[generic.Reference]:
        if depth > 64:
            raise SuspiciousModification("page tree too deep")
        node = node_ref.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node.get("/Kids", ()):
                if isinstance(kid, generic.IndirectObject):
                    yield from walk(kid, depth + 1)
        else:
            yield node_ref.reference

    root = resolver.root.raw_get("/Pages")
    if isinstance(root, generic.IndirectObject):
        yield from walk(root, 0)


def _annot_refs(page: generic.DictionaryObject) -> list[generic.Reference]:
    annots = page.get("/Annots", generic.ArrayObject())
    return [a.reference for a in annots if isinstance(a, generic.IndirectObject)]


class AddedAnnotationRule(WhitelistRule):
    """Clear pages that only gained non-widget annotations, and those annotations."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterator[ReferenceUpdate]:
        old_pages = list(_pages(old))
        new_pages = list(_pages(new))
        if old_pages != new_pages:
            return  # pages added, removed or moved: not an annotation change
        for ref in new_pages:
            old_page = old(ref)
            new_page = new(ref)
            if not isinstance(old_page, generic.DictionaryObject) or not isinstance(
                new_page, generic.DictionaryObject
            ):
                continue
            if old_page == new_page:
                continue
            if not compare_dicts(old_page, new_page, frozenset(["/Annots"]), raise_exc=False):
                continue
            before = _annot_refs(old_page)
            after = _annot_refs(new_page)
            added = [r for r in after if r not in before]
            if before != after[: len(before)] or not added:
                continue
            for annot_ref in added:
                annot = new(annot_ref)
                if (
                    not isinstance(annot, generic.DictionaryObject)
                    or annot.get("/Subtype") == "/Widget"
                    or not old.is_ref_available(annot_ref)
                ):
                    break
            else:
                # Page objects are referenced from many places (widgets' /P, outlines):
                # clear the page as a whole, as pyHanko does for new signature widgets.
                yield ReferenceUpdate(updated_ref=ref, context_checked=None)
                for annot_ref in added:
                    yield ReferenceUpdate(updated_ref=annot_ref)


SOHOA_DIFF_POLICY = StandardDiffPolicy(
    global_rules=[
        *DEFAULT_DIFF_POLICY.global_rules,
        AddedAnnotationRule().as_qualified(ModificationLevel.ANNOTATIONS),
    ],
    form_rule=DEFAULT_DIFF_POLICY.form_rule,
)
"""pyHanko's default policy, plus :class:`AddedAnnotationRule` at level ANNOTATIONS."""
