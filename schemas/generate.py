"""Write the files generated from the declarations of schemas/tables.py, or check them.

    python -m schemas.generate           # rewrite schemas/warehouse.sql and the tables of docs/WAREHOUSE.md
    python -m schemas.generate --check   # exit 1 naming each file that differs (what the tests assert)

The GX suites are not written anywhere: they are generated when a suite runs
(schemas/render_gx.py), so there is no copy to drift.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schemas.render_docs import replace_generated, tables_markdown
from schemas.render_sql import warehouse_sql

ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE_SQL = ROOT / "schemas" / "warehouse.sql"
WAREHOUSE_MD = ROOT / "docs" / "WAREHOUSE.md"


def generated_files() -> dict[Path, str]:
    """Every generated file and the text the declarations give it."""
    docs = WAREHOUSE_MD.read_text(encoding="utf-8")
    return {WAREHOUSE_SQL: warehouse_sql(), WAREHOUSE_MD: replace_generated(docs, tables_markdown())}


def stale_files() -> list[Path]:
    return [path for path, text in generated_files().items() if path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report the files that differ")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(
                f"{path.relative_to(ROOT)} differs from what schemas/tables.py generates: "
                "run python -m schemas.generate",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path, text in generated_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
