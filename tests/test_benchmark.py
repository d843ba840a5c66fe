"""benchmarks/speed.py runs from an install and reports its figures (issue #5).

Only the shape of the report is checked: timings belong to the benchmark, never to
a test (machines here are shared and noisy).
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def test_quick_library_and_limit_run_reports_figures_and_targets():
    res = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "speed.py"), "--quick", "--json",
         "--skip", "cli,cold,memory"],
        capture_output=True, timeout=300, cwd=REPO)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    report = json.loads(res.stdout)
    summary = report["summary"]
    assert summary["corpus_mb"] > 0.4 and report["corpus"]["distinct"] >= 2
    assert summary["library_mb_s"] > 0 and summary["limit_mb_s"] > summary["library_mb_s"]
    assert summary["library_facts_per_mb"] > 100  # extract() found facts in the seeds
    assert set(report["targets"]) == {"library_mb_s", "cold_start_s", "jobs2_speedup", "peak_rss_mb"}
    assert summary["marks"]["library_mb_s"] in ("PASS", "FAIL")
