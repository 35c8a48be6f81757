#!/usr/bin/env python3
"""Build the environment Binder would build, without Docker: a clean virtual environment with the Python
version of runtime.txt, installed with the same pip commands that repo2docker's Dockerfile runs
(`pip install -r requirements.txt`, then `pip install .`, read from its dry run). pip's download cache is
reused (no --no-cache-dir), so later runs are quick. Then print its size and its largest packages.

    .venv/bin/python scripts/binder_env.py [FOLDER]     # default: a temporary folder, removed afterwards

Used by tests/test_binder_env.py and by `benchmarks/run.py --binder-env`.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def runtime_python() -> tuple[str, str]:
    """(version, interpreter path) for runtime.txt's `python-X.Y`; the interpreter must be on PATH."""
    text = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    if not match:
        raise ValueError(f"runtime.txt should read python-X.Y, not {text!r}")
    version = match.group(1)
    found = shutil.which(f"python{version}")
    if not found:
        raise FileNotFoundError(f"python{version} (runtime.txt) is not on PATH")
    return version, found


def repo2docker_dockerfile(source: Path = ROOT) -> str:
    """The Dockerfile repo2docker would build for this repository (its dry run: no Docker needed)."""
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    done = subprocess.run(
        [str(r2d), "--no-build", "--debug", "."], cwd=source, capture_output=True, text=True, timeout=300, check=True
    )
    return done.stdout


def pip_commands(dockerfile: str) -> list[list[str]]:
    """The `pip install ...` arguments of the Dockerfile's RUN lines, in order (flags other than -r dropped)."""
    commands = []
    for line in dockerfile.splitlines():
        match = re.match(r"RUN \$\{(?:KERNEL|NB)_PYTHON_PREFIX\}/bin/pip install (.*)$", line.strip())
        if match:
            args = [a.strip('"') for a in match.group(1).split() if a != "--no-cache-dir"]
            commands.append(args)
    return commands


def copy_repository(target: Path) -> Path:
    """Copy the checkout as repo2docker does (`COPY src/ ${REPO_DIR}/`), less what git ignores and .git."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def _run(command: list[str], **kwargs) -> None:
    """Run quietly (pip's build warnings are noise here); on failure, raise with the end of the output."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-4000:]}")


def create(folder: Path, source: Path = ROOT, log=print) -> Path:
    """Make the venv in `folder` and install `source` as repo2docker would; return its python."""
    version, interpreter = runtime_python()
    _run([interpreter, "-m", "venv", str(folder)], timeout=300)
    python = folder / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], timeout=600)
    for args in pip_commands(repo2docker_dockerfile(source)):
        log(f"== pip install {' '.join(args)}")
        _run([str(python), "-m", "pip", "install", "--quiet", *args], cwd=source, timeout=1800)
    return python


def site_packages(folder: Path) -> Path:
    return next((folder / "lib").glob("python3*/site-packages"))


def size_report(folder: Path, top: int = 12) -> tuple[float, list[tuple[str, float]]]:
    """(total MB of the venv, [(distribution, MB)] of its largest installed packages)."""
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6
    packages = []
    for dist in metadata.distributions(path=[str(site_packages(folder))]):
        size = 0
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file() and not path.is_symlink():
                size += path.stat().st_size
        packages.append((dist.metadata["Name"], size / 1e6))
    packages.sort(key=lambda p: -p[1])
    return total, packages[:top]


def print_report(folder: Path) -> None:
    total, largest = size_report(folder)
    print(f"Binder environment (requirements.txt + the book's package): {total:.0f} MB installed")
    print("largest packages: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in largest))


def main(argv: list[str]) -> int:
    if argv:
        folder = Path(argv[0])
        if not (folder / "bin" / "python").exists():
            with tempfile.TemporaryDirectory(prefix="binder-src-") as tmp:
                create(folder, copy_repository(Path(tmp)))
        print_report(folder)
        return 0
    with tempfile.TemporaryDirectory(prefix="binder-env-") as tmp:
        create(Path(tmp) / "venv", copy_repository(Path(tmp) / "repo"))
        print_report(Path(tmp) / "venv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
