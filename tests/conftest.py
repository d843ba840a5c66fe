"""Shared fixtures: run the real `soefacts` command, find the seed articles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def soefacts_command() -> list[str]:
    exe = Path(sys.executable).parent / ("soefacts.exe" if os.name == "nt" else "soefacts")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from soefacts.cli import main; main()"]


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI run: no CI marker unless a test asks for one."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(extra)
    return env


def run_cli(*args: str, input: bytes | None = None, env: dict | None = None,
            cwd: str | Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `soefacts ARGS` in a subprocess; stdout/stderr as bytes."""
    return subprocess.run(soefacts_command() + [str(a) for a in args], input=input,
                          capture_output=True, env=env or cli_env(), cwd=cwd, timeout=timeout,
                          stdin=None if input is not None else subprocess.DEVNULL)


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def seeds() -> list[Path]:
    paths = seed_paths()
    assert paths, "the seed articles under seeds/ are missing"
    return paths
