"""Write the per-chapter exercise pages (chapters/exercises/, questions only) from the chapters, and, on
request, the instructors' pack with every solution (kept out of the book).

    .venv/bin/python scripts/make-exercise-pages.py                         # the pages, after editing exercises
    .venv/bin/python scripts/make-exercise-pages.py --solutions FILE.html   # also the instructors' pack
"""

import argparse
from pathlib import Path

from peacebook import data
from peacebook.model import exercises
from peacebook.files.storage import write_atomically

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--solutions", type=Path, help="also write every exercise with its solution to this HTML file")
    args = parser.parse_args()
    chapters = exercises.read_chapters(ROOT / "chapters")
    for path in exercises.write_pages(chapters, ROOT / "chapters" / "exercises"):
        print(f"wrote {path.relative_to(ROOT)}")
    if args.solutions:
        write_atomically(args.solutions, exercises.instructor_pack_html(chapters, data.as_of_phrase(*data.coverage())))
        print(f"wrote the instructors' pack with solutions to {args.solutions} (do not publish it)")


if __name__ == "__main__":
    main()
