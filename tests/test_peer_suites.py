"""Other recognisers' test suites (../shared/peer) through soefacts: the in-scope pass
rate holds its target (benchmarks/peer_suites.py says which cases are in scope and why).

A change to how the text layer reads spaces once broke 24 of them (七成 六, 百 分 之2.4)
with every corpus case still passing; this test is what catches such a change.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

PEER = REPO.parent / "shared" / "peer"


@pytest.mark.skipif(not list(PEER.glob("*.jsonl")), reason="no peer suites beside the repository")
def test_peer_suites_in_scope_pass_rate_holds_its_target():
    res = subprocess.run([sys.executable, str(REPO / "benchmarks" / "peer_suites.py"), "--json", str(PEER)],
                         capture_output=True, timeout=300, cwd=REPO)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    scope = json.loads(res.stdout)["in_scope"]
    assert scope["cases"] > 100  # the suites were found and classified
    assert scope["pass_rate"] >= scope["target"], f"{scope['passed']} of {scope['cases']} passed"
