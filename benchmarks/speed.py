#!/usr/bin/env python3
"""Speed benchmark for soefacts: library, regex limit, CLI batch, cold start, peak memory.

    python benchmarks/speed.py            # full run (5 MB corpus, 60 MB memory file)
    python benchmarks/speed.py --quick    # smoke run, small sizes
    python benchmarks/speed.py --json     # one JSON object of all figures on stdout

Standard library plus the project (and its dependency `regex`) only. Run it with the
interpreter that has soefacts installed; the `soefacts` command is taken from that
interpreter's bin directory. Progress goes to stderr, results to stdout.
MB means 10^6 bytes throughout.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "seeds"
DEV_DIR = REPO.parent / "shared" / "corpus" / "dev"
DEFAULT_REF_DATE = "2024-01-01"
MB = 1_000_000

TARGETS = {
    "library_mb_s": (">=", 5.0, "MB/s"),
    "cold_start_s": ("<=", 0.25, "s"),
    "jobs2_speedup": (">=", 1.5, "x"),
    "peak_rss_mb": ("<=", 250.0, "MB"),
}

# One pass of a single compiled number-and-unit pattern: the floor under any extractor
# that has to look at every number in the text at least once.
LIMIT_PATTERN = (
    r"(?:[0-9０-９][0-9０-９.,，．]*"
    r"|[零〇一二三四五六七八九十百千两兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]+)"
    r"[万亿萬億]*[元%％户戶家个個人]?"
)

FULL = dict(corpus_bytes=5 * 2**20, lib_repeats=5, limit_repeats=5, cli_files=360,
            cli_runs=3, cli_large_files=1800, cold_runs=7, mem_bytes=60 * MB)
QUICK = dict(corpus_bytes=512 * 1024, lib_repeats=3, limit_repeats=3, cli_files=60,
             cli_runs=2, cli_large_files=240, cold_runs=3, mem_bytes=6 * MB)


def log(msg: str) -> None:
    print(f"[speed] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- corpus

def load_articles() -> list[tuple[str, str, str]]:
    """Distinct articles as (name, text, ref_date), seeds first, then the dev corpus."""
    published: dict[str, str] = {}
    docs_jsonl = DEV_DIR / "docs.jsonl"
    if docs_jsonl.is_file():
        for line in docs_jsonl.read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if rec.get("published"):
                    published[rec["doc"]] = rec["published"]
    by_hash: dict[str, list] = {}
    for folder in (SEEDS_DIR, DEV_DIR):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            text = path.read_bytes().decode("utf-8-sig")
            key = hashlib.sha1(text.encode("utf-8")).hexdigest()
            entry = by_hash.setdefault(key, [path.stem, text, None])
            if entry[2] is None and path.stem in published:
                entry[2] = published[path.stem]
    if not by_hash:
        sys.exit(f"no articles found in {SEEDS_DIR} or {DEV_DIR}")
    return [(n, t, d or DEFAULT_REF_DATE) for n, t, d in by_hash.values()]


def build_corpus(articles, min_bytes: int) -> list[tuple[str, str]]:
    """Repeat the articles, each copy a separate document, until min_bytes of UTF-8."""
    docs: list[tuple[str, str]] = []
    total = 0
    while total < min_bytes:
        for _name, text, ref in articles:
            docs.append((text, ref))
            total += len(text.encode("utf-8"))
            if total >= min_bytes:
                break
    return docs


# --------------------------------------------------------------------------- subprocesses

# Children may cache bytecode as any normal install does (a fresh `pip install` compiles
# .pyc files; an editable one writes them on first import): without this, an inherited
# PYTHONDONTWRITEBYTECODE=1 would make every cold start recompile the project's modules.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_child(cmd: list[str], timeout: float, cwd: str | None = None) -> dict:
    """Run cmd with stdout to /dev/null; wall time, exit status, and this child's peak RSS.

    The child is reaped with os.wait4, whose rusage belongs to that one child (and to the
    processes it has reaped itself, e.g. --jobs workers: CPU summed, peak RSS their max).
    """
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=err, cwd=cwd, env=CHILD_ENV)
    lock = threading.Lock()
    state = {"done": False, "killed": False}

    def _kill() -> None:
        with lock:
            if not state["done"]:
                state["killed"] = True
                proc.kill()

    timer = threading.Timer(timeout, _kill)
    timer.daemon = True
    timer.start()
    if hasattr(os, "waitid"):
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # wait, do not reap yet
        wall = time.perf_counter() - t0
        with lock:
            state["done"] = True
        _, status, ru = os.wait4(proc.pid, 0)
    else:  # pragma: no cover - macOS
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        with lock:
            state["done"] = True
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    err.close()
    rss = ru.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return {"wall": wall, "rc": proc.returncode, "timeout": state["killed"],
            "cpu_s": ru.ru_utime + ru.ru_stime, "peak_rss_mb": rss / MB, "stderr": stderr[-2000:]}


def soefacts_cmd() -> list[str]:
    exe = Path(sys.executable).parent / ("soefacts.exe" if os.name == "nt" else "soefacts")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("soefacts")
    if found:
        return [found]
    return [sys.executable, "-c", "from soefacts.cli import main; main()"]


def stderr_tail(text: str, n: int) -> str:
    """Last n non-empty lines of stderr, rich panel borders stripped."""
    lines = [" ".join(ln.strip(" ╭╮╰╯─│┃━").split()) for ln in text.splitlines()]
    return " | ".join([ln for ln in lines if ln][-n:])


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------- measurements

def bench_library(docs, articles, repeats: int) -> dict:
    t0 = time.perf_counter()
    # the library's import, pydantic's model layer included (excluded from throughput)
    from soefacts import Fact, extract  # noqa: F401
    import_s = time.perf_counter() - t0

    nbytes = sum(len(t.encode("utf-8")) for t, _ in docs)
    out: dict = {"import_s": import_s, "bytes": nbytes, "docs": len(docs)}
    try:
        t0 = time.perf_counter()
        extract(articles[0][1], ref_date=articles[0][2])
        out["first_call_s"] = time.perf_counter() - t0
        facts_per_article = {}
        for name, text, ref in articles:  # warm-up: caches, lexicons, compiled patterns
            facts_per_article[name] = len(extract(text, ref_date=ref))
        out["facts_per_article"] = facts_per_article
        times, cpu, nfacts = [], [], 0
        for i in range(repeats):
            n = 0
            c0, t0 = time.process_time(), time.perf_counter()
            for text, ref in docs:
                n += len(extract(text, ref_date=ref))
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            nfacts = n
            log(f"library repeat {i + 1}/{repeats}: {times[-1]:.2f} s, "
                f"{nbytes / MB / times[-1]:.2f} MB/s, {n} facts")
    except Exception as exc:  # report, do not crash the other measurements
        out["error"] = f"{type(exc).__name__}: {exc}"
        log(f"library: {out['error']}")
        return out
    out["times_s"] = times
    out["median_s"] = median(times)
    out["mb_s"] = nbytes / MB / out["median_s"]
    out["cpu_times_s"] = cpu
    out["cpu_mb_s"] = nbytes / MB / median(cpu)
    out["facts"] = nfacts
    out["facts_per_mb"] = nfacts / (nbytes / MB)
    return out


def bench_limit(docs, repeats: int) -> dict:
    import re

    import regex

    nbytes = sum(len(t.encode("utf-8")) for t, _ in docs)
    out: dict = {"pattern": LIMIT_PATTERN}
    for label, mod in (("regex", regex), ("re", re)):
        pat = mod.compile(LIMIT_PATTERN)
        times, n = [], 0
        for _ in range(repeats):
            n = 0
            t0 = time.perf_counter()
            for text, _ref in docs:
                for _m in pat.finditer(text):
                    n += 1
            times.append(time.perf_counter() - t0)
        out[label] = {"times_s": times, "median_s": median(times),
                      "mb_s": nbytes / MB / median(times), "matches": n}
    out["mb_s"] = out["regex"]["mb_s"]
    return out


def bench_cli_batch(articles, nfiles: int, runs: int, timeout: float,
                    variants: tuple[str, ...] = ("default", "jobs1", "jobs2")) -> dict:
    cmd = soefacts_cmd()
    tmp = tempfile.mkdtemp(prefix="soefacts-bench-batch-")
    try:
        nbytes = 0
        for i in range(nfiles):
            name, text, _ref = articles[i % len(articles)]
            data = text.encode("utf-8")
            (Path(tmp) / f"{i:04d}_{name}.txt").write_bytes(data)
            nbytes += len(data)
        out: dict = {"files": nfiles, "bytes": nbytes}
        options = {"default": [], "jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"]}
        for key in variants:
            extra = options[key]
            times: list[float] = []
            cpu: list[float] = []
            res: dict = {}
            for i in range(runs + 1):  # first run warms the page cache, discarded
                r = run_child(cmd + ["extract", tmp, "--jsonl"] + extra, timeout)
                if r["timeout"] or r["rc"] != 0:
                    msg = "timeout" if r["timeout"] else f"exit {r['rc']}"
                    res = {"error": msg, "stderr": stderr_tail(r["stderr"], 3)}
                    if extra and r["rc"] == 2:
                        res["error"] = "n/a (CLI rejected --jobs?)"
                    log(f"cli {key}: {res['error']} {res['stderr']}")
                    break
                if i:
                    times.append(r["wall"])
                    cpu.append(r["cpu_s"])
            if times:
                res = {"times_s": times, "median_s": median(times),
                       "mb_s": nbytes / MB / median(times), "cpu_s": median(cpu)}
                log(f"cli {key}: median {res['median_s']:.2f} s, {res['mb_s']:.2f} MB/s")
            out[key] = res
        j1, j2 = out.get("jobs1", {}).get("median_s"), out.get("jobs2", {}).get("median_s")
        out["jobs2_speedup"] = j1 / j2 if j1 and j2 else None
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_cold_start(seed_file: Path, runs: int, timeout: float) -> dict:
    py = sys.executable
    cmds = {
        "python_pass": [py, "-c", "pass"],
        "python_import_deps": [py, "-c", "import typer, rich, pydantic"],
        # the library as a program uses it (the CLI itself loads no pydantic model layer)
        "python_import_soefacts": [py, "-c", "from soefacts import extract, Fact"],
        "soefacts_extract": soefacts_cmd() + ["extract", str(seed_file), "--jsonl"],
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    errors: dict[str, str] = {}
    for i in range(runs + 1):  # interleaved; round 0 writes .pyc and warms caches
        for key, cmd in cmds.items():
            if key in errors:
                continue
            r = run_child(cmd, timeout)
            if r["timeout"] or r["rc"] != 0:
                errors[key] = ("timeout" if r["timeout"] else f"exit {r['rc']}: "
                               + stderr_tail(r["stderr"], 2))
                log(f"cold {key}: {errors[key]}")
            elif i:
                times[key].append(r["wall"])
    out: dict = {"seed_file": seed_file.name, "runs": runs}
    for key in cmds:
        out[key] = {"times_s": times[key], "median_s": median(times[key])}
        if key in errors:
            out[key]["error"] = errors[key]
    log("cold start medians: " + ", ".join(
        f"{k} {v['median_s']:.3f} s" for k, v in out.items()
        if isinstance(v, dict) and v.get("median_s") is not None))
    return out


def bench_memory(articles, min_bytes: int, timeout: float) -> dict:
    tmp = tempfile.mkdtemp(prefix="soefacts-bench-mem-")
    try:
        path = Path(tmp) / "big.txt"
        block = "\n\n".join(t.strip("\n") for _n, t, _r in articles).encode("utf-8") + b"\n\n"
        reps = -(-min_bytes // len(block))
        with open(path, "wb") as fh:
            for _ in range(reps):
                fh.write(block)
        nbytes = path.stat().st_size
        log(f"memory: {nbytes / MB:.1f} MB file, running the CLI (timeout {timeout:.0f} s)")
        r = run_child(soefacts_cmd() + ["extract", str(path), "--jsonl"], timeout)
        out = {"bytes": nbytes, "wall_s": r["wall"], "cpu_s": r["cpu_s"], "peak_rss_mb": r["peak_rss_mb"],
               "mb_s": nbytes / MB / r["wall"], "rc": r["rc"]}
        if r["timeout"] or r["rc"] != 0:
            out["error"] = "timeout" if r["timeout"] else f"exit {r['rc']}"
            out["stderr"] = stderr_tail(r["stderr"], 3)
            log(f"memory: {out['error']} {out['stderr']}")
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- report

def machine_info() -> dict:
    info = {
        "date_utc": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "python_impl": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "inherited_PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }
    if hasattr(os, "sched_getaffinity"):
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    if hasattr(os, "getloadavg"):
        info["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version
        info["soefacts_version"] = version("soefacts")
    except Exception:  # noqa: BLE001
        pass
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %cI %s"],
                             capture_output=True, text=True, timeout=10)
        if rev.returncode == 0:
            info["git"] = rev.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def mark(key: str, value) -> str:
    if value is None:
        return "n/a"
    op, limit, _unit = TARGETS[key]
    ok = value >= limit if op == ">=" else value <= limit
    return "PASS" if ok else "FAIL"


def fmt(v, spec: str, suffix: str = "") -> str:
    return "n/a" if v is None else f"{v:{spec}}{suffix}"


def summarize(res: dict) -> dict:
    lib, lim, cli = res.get("library", {}), res.get("limit", {}), res.get("cli_batch", {})
    cold, mem = res.get("cold_start", {}), res.get("memory", {})
    lib_mb_s = lib.get("mb_s")
    s = {
        "corpus_mb": res["corpus"]["bytes"] / MB,
        "corpus_docs": res["corpus"]["docs"],
        "library_mb_s": lib_mb_s,
        "library_facts_per_mb": lib.get("facts_per_mb"),
        "limit_mb_s": lim.get("mb_s"),
        "library_over_limit": lib_mb_s / lim["mb_s"] if lib_mb_s and lim.get("mb_s") else None,
        "cli_default_s": cli.get("default", {}).get("median_s"),
        "cli_jobs1_s": cli.get("jobs1", {}).get("median_s"),
        "cli_jobs2_s": cli.get("jobs2", {}).get("median_s"),
        "jobs2_speedup": cli.get("jobs2_speedup"),
        "jobs2_speedup_large": res.get("cli_batch_large", {}).get("jobs2_speedup"),
        "cli_large_files": res.get("cli_batch_large", {}).get("files"),
        "cold_start_s": cold.get("soefacts_extract", {}).get("median_s"),
        "python_pass_s": cold.get("python_pass", {}).get("median_s"),
        "python_import_deps_s": cold.get("python_import_deps", {}).get("median_s"),
        "python_import_soefacts_s": cold.get("python_import_soefacts", {}).get("median_s"),
        "peak_rss_mb": None if mem.get("error") else mem.get("peak_rss_mb"),
        "memory_wall_s": None if mem.get("error") else mem.get("wall_s"),
        "memory_mb_s": None if mem.get("error") else mem.get("mb_s"),
    }
    s["marks"] = {k: mark(k, s[k]) for k in TARGETS}
    return s


def print_table(res: dict) -> None:
    s, m, info = res["summary"], res["summary"]["marks"], res["machine"]
    cli, mem, lib = res.get("cli_batch", {}), res.get("memory", {}), res.get("library", {})
    print(f"soefacts speed benchmark  {info['date_utc']}  ({'quick' if res['quick'] else 'full'} run)")
    print(f"machine: nproc={info['nproc']} usable={info.get('usable_cpus', '?')}  "
          f"Python {info['python']}  {info.get('cpu', '')}")
    print(f"soefacts {info.get('soefacts_version')}  git {info.get('git', '?')}")
    if "loadavg_start" in info:
        print(f"load average (1/5/15 min) at start {info['loadavg_start']}, "
              f"at end {info.get('loadavg_end')}: other work on the machine skews the figures")
    rows: list[tuple[str, str, str, str]] = []

    def row(label, value, target="", result=""):
        rows.append((label, value, target, result))

    row("corpus", f"{s['corpus_mb']:.2f} MB, {s['corpus_docs']} docs "
        f"({res['corpus']['distinct']} distinct articles)")
    if "library" not in res:
        pass
    elif lib.get("error"):
        row("library extract()", "error: " + lib["error"][:60], ">= 5 MB/s", "n/a")
    else:
        row("library extract()", fmt(s["library_mb_s"], ".2f", " MB/s") + "  (median; best "
            f"{res['corpus']['bytes'] / MB / min(lib['times_s']):.2f})", ">= 5 MB/s", m["library_mb_s"])
        row("  on CPU time (less sensitive to load)", fmt(lib.get("cpu_mb_s"), ".2f", " MB/s"))
        row("  facts found", f"{lib.get('facts')} ({fmt(s['library_facts_per_mb'], '.0f')} per MB)")
        row("  import soefacts / first call", f"{lib.get('import_s', 0):.3f} s / "
            f"{lib.get('first_call_s', 0):.3f} s")
    if "limit" in res:
        row("limit: one regex finditer pass", fmt(s["limit_mb_s"], ".2f", " MB/s"))
        row("  (stdlib re, same pattern)", fmt(res["limit"].get("re", {}).get("mb_s"), ".2f", " MB/s"))
        row("library / limit", fmt(s["library_over_limit"], ".3f", "x"))
    nb = f"{cli.get('files')} files, {cli.get('bytes', 0) / MB:.2f} MB"
    for key, label in (("default", "CLI batch (no --jobs)"), ("jobs1", "CLI batch --jobs 1"),
                       ("jobs2", "CLI batch --jobs 2")):
        if "cli_batch" not in res:
            break
        r = cli.get(key, {})
        if r.get("median_s") is not None:
            row(label, f"{r['median_s']:.2f} s, {r['mb_s']:.2f} MB/s, CPU {r['cpu_s']:.2f} s",
                nb if key == "default" else "")
        else:
            row(label, r.get("error", "n/a"))
    if "cli_batch" in res:
        row("jobs-2 speed-up", fmt(s["jobs2_speedup"], ".2f", "x"), ">= 1.5x", m["jobs2_speedup"])
    if "cli_batch_large" in res:
        large = res["cli_batch_large"]
        j1, j2 = large.get("jobs1", {}).get("median_s"), large.get("jobs2", {}).get("median_s")
        row(f"  on {large.get('files')} files ({large.get('bytes', 0) / MB:.2f} MB)",
            f"{fmt(j1, '.2f', ' s')} / {fmt(j2, '.2f', ' s')}: {fmt(s['jobs2_speedup_large'], '.2f', 'x')}")
    if "cold_start" in res:
        print_cold(res, s, m, row)
    if "memory" in res:
        print_memory(mem, s, m, row)
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("figure", "value", "target", "")
    w = [max(w[i], len(head[i])) for i in range(4)]
    line = "  ".join("-" * x for x in w)
    print(line)
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)).rstrip())
    print(line)
    for r in rows:
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip())
    print(line)
    if "library" in res and not lib.get("error") and lib.get("facts") == 0:
        print("note: extract() returned no facts at all - the extractor looks like a stub.")


def print_cold(res, s, m, row) -> None:
    cold_times = res.get("cold_start", {}).get("soefacts_extract", {}).get("times_s")
    best = f"  (median; best {min(cold_times):.3f})" if cold_times else ""
    row("cold start: soefacts extract 1 file", fmt(s["cold_start_s"], ".3f", " s") + best,
        "<= 0.25 s", m["cold_start_s"])
    row("  python -c pass", fmt(s["python_pass_s"], ".3f", " s"))
    row("  python -c 'import typer, rich, pydantic'", fmt(s["python_import_deps_s"], ".3f", " s"))
    row("  python -c 'from soefacts import extract, Fact'", fmt(s["python_import_soefacts_s"], ".3f", " s"))


def print_memory(mem, s, m, row) -> None:
    if mem.get("error"):
        row(f"peak RSS, {mem.get('bytes', 0) / MB:.3g} MB file", f"{mem['error']} after "
            f"{mem.get('wall_s', 0):.1f} s ({mem.get('peak_rss_mb', 0):.0f} MB)", "<= 250 MB", "n/a")
    else:
        row(f"peak RSS, {mem.get('bytes', 0) / MB:.3g} MB file", fmt(s["peak_rss_mb"], ".0f", " MB"),
            "<= 250 MB", m["peak_rss_mb"])
        row("  wall time / throughput", f"{fmt(s['memory_wall_s'], '.1f', ' s')} / "
            f"{fmt(s['memory_mb_s'], '.2f', ' MB/s')}")


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object of all figures")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="seconds allowed to any one CLI run (default 900)")
    ap.add_argument("--skip", default="",
                    help="comma list of parts to skip: library,limit,cli,cold,memory")
    ap.add_argument("--save", metavar="FILE", help="also write the JSON object to FILE")
    ap.add_argument("--mem-mb", type=float, help="size of the memory-test file in MB (default 60)")
    args = ap.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.mem_mb:
        cfg["mem_bytes"] = int(args.mem_mb * MB)
    skip = {p.strip() for p in args.skip.split(",") if p.strip()}

    articles = load_articles()
    docs = build_corpus(articles, cfg["corpus_bytes"])
    nbytes = sum(len(t.encode("utf-8")) for t, _ in docs)
    log(f"corpus: {nbytes / MB:.2f} MB in {len(docs)} docs from {len(articles)} distinct articles")
    res: dict = {"quick": args.quick, "config": cfg, "machine": machine_info(),
                 "corpus": {"bytes": nbytes, "docs": len(docs), "distinct": len(articles),
                            "sources": [str(SEEDS_DIR), str(DEV_DIR) if DEV_DIR.is_dir() else None]},
                 "targets": {k: f"{op} {v} {u}" for k, (op, v, u) in TARGETS.items()}}
    if "library" not in skip:
        res["library"] = bench_library(docs, articles, cfg["lib_repeats"])
    if "limit" not in skip:
        res["limit"] = bench_limit(docs, cfg["limit_repeats"])
        log(f"limit: {res['limit']['mb_s']:.2f} MB/s (regex), {res['limit']['re']['mb_s']:.2f} MB/s (re)")
    if "cli" not in skip:
        res["cli_batch"] = bench_cli_batch(articles, cfg["cli_files"], cfg["cli_runs"], args.timeout)
        # The same on a larger batch: start-up (a serial ~0.2 s in every run) weighs less
        # there, so this shows what a second process gives an archive run.
        res["cli_batch_large"] = bench_cli_batch(articles, cfg["cli_large_files"], 2, args.timeout,
                                                 variants=("jobs1", "jobs2"))
    if "cold" not in skip:
        seed = min(SEEDS_DIR.glob("*.txt"), default=None) or min(DEV_DIR.glob("*.txt"))
        res["cold_start"] = bench_cold_start(seed, cfg["cold_runs"], min(args.timeout, 120.0))
    if "memory" not in skip:
        res["memory"] = bench_memory(articles, cfg["mem_bytes"], args.timeout)
    if hasattr(os, "getloadavg"):
        res["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    res["summary"] = summarize(res)
    if args.save:
        Path(args.save).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if args.json:
        json.dump(res, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_table(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
