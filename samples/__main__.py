"""``python -m samples generate|dossier|demo|kinds``: the generator's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from samples.degrade import DEGRADATIONS
from samples.errors import SampleError
from samples.generator import KINDS, VARIANT_SETS
from samples.output import FORMATS, make_dossier, write_document, write_set


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m samples", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="a set: each kind × count × degradation, with truth JSON")
    gen.add_argument("--out", required=True, help="output directory")
    gen.add_argument("--seed", type=int, required=True)
    gen.add_argument("--count-per-kind", type=int, default=1)
    gen.add_argument(
        "--kinds", nargs="+", default=list(KINDS), metavar="KIND", help=" ".join(KINDS)
    )
    gen.add_argument(
        "--degradations", nargs="+", default=["clean"], metavar="DEG", help=" ".join(DEGRADATIONS)
    )
    gen.add_argument("--format", default="png", choices=FORMATS)
    gen.add_argument("--variant-set", default="train", choices=tuple(VARIANT_SETS))
    gen.add_argument("--dpi", type=int, default=300)
    gen.add_argument("--jobs", type=int, default=1, help="processes (default 1)")

    dos = sub.add_parser("dossier", help="multi-document scans as multi-page files")
    dos.add_argument("--out", required=True)
    dos.add_argument("--seed", type=int, required=True)
    dos.add_argument(
        "--count", type=int, default=1, help="how many dossiers (seeds seed, seed+1, …)"
    )
    dos.add_argument("--kinds", nargs="+", default=None, metavar="KIND")
    dos.add_argument("--degradation", default="clean", choices=DEGRADATIONS)
    dos.add_argument("--format", default="pdf", choices=FORMATS)
    dos.add_argument("--variant-set", default="train", choices=tuple(VARIANT_SETS))
    dos.add_argument(
        "--no-separators", action="store_true", help="no blank pages between documents"
    )
    dos.add_argument("--dpi", type=int, default=300)

    demo = sub.add_parser("demo", help="rewrite the committed demo set (samples/demo/)")
    demo.add_argument("--out", default=None)

    sub.add_parser("kinds", help="list the document kinds and degradations")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            files = write_set(
                args.out,
                args.seed,
                args.count_per_kind,
                args.kinds,
                args.degradations,
                args.format,
                args.variant_set,
                args.dpi,
                workers=args.jobs,
            )
        elif args.command == "dossier":
            files = []
            for n in range(args.count):
                doc = make_dossier(
                    args.seed + n, args.kinds, args.variant_set, not args.no_separators
                )
                files += write_document(
                    doc,
                    args.out,
                    name=f"dossier-{args.seed + n}-{args.degradation}",
                    degradation=args.degradation,
                    fmt=args.format,
                    dpi=args.dpi,
                )
        elif args.command == "demo":
            from samples.demo import DEMO_DIR, write_demo

            files = write_demo(args.out or DEMO_DIR)
        else:
            print("kinds:", " ".join(KINDS))
            print("degradations:", " ".join(DEGRADATIONS))
            return 0
    except SampleError as exc:
        print(f"samples: error [{exc.code}]: {exc}", file=sys.stderr)
        return exc.exit_status
    for path in files:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
