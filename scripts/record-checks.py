#!/usr/bin/env python3
"""Record second readers' checks in data/checks.csv, or show where the checks stand.

  record-checks.py ENTRIES.csv           record every check in ENTRIES.csv (columns: table, row_key, reader,
                                         verdict, source_read, where, note, and optionally checked_on)
  record-checks.py --status              per table: rows, checked as they stand, verdicts, changed, missing
  record-checks.py --unchecked [TABLE]   the rows with no current check (missing, or changed since read)
  record-checks.py --verdict corrected   the rows checked with that verdict, each with its reader's note

Record a check only after reading the row's source yourself, and only of a row you did not write; correct
the row first, then record it as 'corrected' (the fingerprint is taken of the row as it stands). See
chapters/maintaining.md, "The second reader".
"""

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peacebook.data import checks
from peacebook import data  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entries", nargs="?", type=Path, help="a CSV file of checks to record")
    parser.add_argument("--status", action="store_true", help="print the checks' coverage per table")
    parser.add_argument("--unchecked", nargs="?", const="", metavar="TABLE", help="list rows with no current check")
    parser.add_argument("--verdict", choices=checks.VERDICTS, help="list the rows checked with this verdict")
    args = parser.parse_args()
    if args.entries:
        with args.entries.open(encoding="utf-8", newline="") as handle:
            entries = list(csv.DictReader(handle))
        try:
            said = checks.record_checks(entries)
        except ValueError as err:
            print(f"{args.entries}: {err}; nothing was recorded", file=sys.stderr)
            return 1
        print("\n".join(said))
    if args.status or args.unchecked is not None:
        states = checks.row_checks(data.load_table(checks.CHECKS_TABLE))
        if args.status:
            print(checks.coverage_by_table(states).to_string(index=False))
        if args.unchecked is not None:
            for state in states:
                if state.state != "current" and args.unchecked in ("", state.table):
                    print(f"{state.table}\t{state.key}\t{state.state}")
    if args.verdict:
        recorded = data.load_table(checks.CHECKS_TABLE)
        for row in recorded[recorded["verdict"] == args.verdict].itertuples():
            print(f"{row.table}\t{row.row_key}\t{row.note}")
    if not (args.entries or args.status or args.unchecked is not None or args.verdict):
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
