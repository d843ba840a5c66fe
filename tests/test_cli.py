"""`soefacts extract` end to end: the real command in a subprocess (SPEC §2)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REPO, cli_env, run_cli, soefacts_command
from soefacts.decode import decode
from soefacts.output import SPEC_FIELDS, readable_value

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def jsonl(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def err_lines(res) -> list[str]:
    return res.stderr.decode("utf-8").splitlines()


def no_traceback(res) -> None:
    assert b"Traceback" not in res.stderr, res.stderr.decode()


def without_source(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "source"} for r in records]


def file_list(tmp_path: Path, paths, name="list.txt") -> Path:
    lst = tmp_path / name
    lst.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return lst


# --------------------------------------------------------------------------- records


def test_jsonl_records_carry_the_contract_fields_and_index_the_document(seeds):
    for seed in seeds:
        res = run_cli("extract", seed, "--jsonl")
        assert res.returncode == 0 and res.stderr == b""
        records = jsonl(res.stdout)
        assert records
        doc = decode(seed.read_bytes())
        for r in records:
            assert set(SPEC_FIELDS) <= set(r)
            assert r["source"] == str(seed)
            assert doc[r["start"]:r["end"]] == r["text"]


def test_no_facts_is_success_in_every_format(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    plain = tmp_path / "plain.txt"
    plain.write_text("今天天气很好。\n", encoding="utf-8")
    for path in (empty, plain):
        res = run_cli("extract", path, "--jsonl")
        assert (res.returncode, res.stdout, res.stderr) == (0, b"", b"")
        res = run_cli("extract", path, "--json")
        assert res.returncode == 0 and json.loads(res.stdout) == []
        res = run_cli("extract", path, "--csv")
        assert res.returncode == 0 and res.stdout.decode().splitlines() == [",".join(_csv_header())]
        res = run_cli("extract", path)
        assert res.returncode == 0 and b"no facts" in res.stdout


def _csv_header() -> list[str]:
    from soefacts.output import csv_fields

    return csv_fields()


def test_output_order_is_input_order(seeds):
    a, b = seeds[0], seeds[-1]
    res = run_cli("extract", b, a, b, "--jsonl")
    assert res.returncode == 0
    order = []
    for r in jsonl(res.stdout):
        if not order or order[-1] != r["source"]:
            order.append(r["source"])
    expect = [str(b), str(a), str(b)] if a != b else [str(a)]
    assert order == expect


def test_a_directory_is_walked_recursively_for_txt_files_in_sorted_order(tmp_path):
    # binary *.txt files make each visited file show as one error line, in visiting order
    root = tmp_path / "archive"
    for rel in ["b.txt", "a/z.txt", "a/c.txt", "a/deeper/x.txt", "a/notes.md", "0.txt"]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(PNG)
    res = run_cli("extract", root, "--jsonl")
    no_traceback(res)
    assert res.returncode == 1
    assert err_lines(res) == [f"soefacts: {root / rel}: not text (PNG image)"
                              for rel in ["0.txt", "a/c.txt", "a/deeper/x.txt", "a/z.txt", "b.txt"]]


def test_a_folder_without_txt_files_is_not_an_error(tmp_path):
    res = run_cli("extract", tmp_path, "--jsonl")
    assert res.returncode == 0 and res.stdout == b""
    assert err_lines(res) == [f"soefacts: {tmp_path}: no .txt files"]


def test_stdin_is_read_with_dash_and_named_dash(seeds):
    seed = seeds[0]
    res = run_cli("extract", "-", "--jsonl", input=seed.read_bytes())
    assert res.returncode == 0
    from_file = run_cli("extract", seed, "--jsonl")
    assert without_source(jsonl(res.stdout)) == without_source(jsonl(from_file.stdout))
    assert all(r["source"] == "-" for r in jsonl(res.stdout))
    assert jsonl(res.stdout)
    bad = run_cli("extract", "-", "--jsonl", input=b"abc\x00\x01\x02")
    assert bad.returncode == 1 and err_lines(bad) == ["soefacts: -: not text (binary data)"]


def test_files_from_a_file_and_from_stdin(tmp_path, seeds):
    missing1, missing2 = tmp_path / "gone1.txt", tmp_path / "gone2.txt"
    lst = file_list(tmp_path, [missing1, seeds[0], missing2])
    for args, stdin in ((["--files-from", lst], None), (["--files-from", "-"], lst.read_bytes())):
        res = run_cli("extract", *args, "--jsonl", input=stdin)
        assert res.returncode == 1
        assert err_lines(res) == [f"soefacts: {missing1}: no such file or directory",
                                  f"soefacts: {missing2}: no such file or directory"]
        assert {r["source"] for r in jsonl(res.stdout)} == {str(seeds[0])}
    res = run_cli("extract", "--files-from", tmp_path / "no-list", "--jsonl")
    assert res.returncode == 2 and b"no-list" in res.stderr
    no_traceback(res)


# --------------------------------------------------------------------------- formats


def test_json_is_one_array_even_when_a_later_file_fails(tmp_path, seeds):
    res = run_cli("extract", *seeds, tmp_path / "missing.txt", "--json")
    assert res.returncode == 1
    records = json.loads(res.stdout)
    assert isinstance(records, list)
    assert err_lines(res) == [f"soefacts: {tmp_path / 'missing.txt'}: no such file or directory"]
    as_lines = jsonl(run_cli("extract", *seeds, "--jsonl").stdout)
    assert records == as_lines
    assert records


def test_json_output_keeps_chinese_readable(seeds):
    res = run_cli("extract", seeds[0], "--json")
    assert b"\\u" not in res.stdout  # ensure_ascii=False
    assert any("\u4e00" <= ch <= "\u9fff" for ch in res.stdout.decode())


def test_csv_has_a_header_in_spec_order_and_one_row_per_record(seeds):
    res = run_cli("extract", *seeds, "--csv")
    assert res.returncode == 0
    rows = list(csv.reader(io.StringIO(res.stdout.decode("utf-8"))))
    assert tuple(rows[0][: len(SPEC_FIELDS)]) == SPEC_FIELDS
    records = jsonl(run_cli("extract", *seeds, "--jsonl").stdout)
    assert len(rows) - 1 == len(records)
    for row, rec in zip(rows[1:], records):
        cells = dict(zip(rows[0], row))
        assert cells["text"] == rec["text"] and cells["start"] == str(rec["start"])
        assert float(cells["value"]) == pytest.approx(rec["value"])
    assert records


def test_the_table_shows_readable_values_and_the_columns(seeds):
    seed = seeds[0]
    res = run_cli("extract", seed, env=cli_env(COLUMNS="250"))
    assert res.returncode == 0
    out = res.stdout.decode("utf-8")
    for column in ("metric", "value", "unit", "date", "qualifier", "sentence"):
        assert column in out
    assert str(seed) in out
    for r in jsonl(run_cli("extract", seed, "--jsonl").stdout):
        assert readable_value(r["value"], r["unit"]) in out


def test_only_one_output_format(seeds):
    res = run_cli("extract", seeds[0], "--json", "--csv")
    assert res.returncode == 2 and b"--json, --jsonl, --csv" in res.stderr
    no_traceback(res)


def test_streaming_output_does_not_import_the_table_or_worker_machinery(seeds):
    script = textwrap.dedent(f"""
        import sys
        sys.argv = ["soefacts", "extract", {str(seeds[0])!r}, "--jsonl"]
        from soefacts.cli import main
        try:
            main()
        except SystemExit:
            pass
        print(sorted(m for m in ("rich", "multiprocessing") if m in sys.modules), file=sys.stderr)
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert res.stderr.splitlines()[-1] == "[]", res.stderr


# --------------------------------------------------------------------------- encodings


TRADITIONAL = "國務院國資委表示，中央企業去年實現營業收入約三十九點八萬億元，同比增長3.6%。\n全年上繳稅費2.6萬億元。\n"


def test_every_encoding_gives_the_same_facts(tmp_path, seeds):
    texts = {"seed": decode(seeds[-1].read_bytes()), "traditional": TRADITIONAL}
    for name, text in texts.items():
        encodings = ["utf-8", "utf-8-sig", "utf-16", "gb18030"]
        for extra in ("gbk", "big5"):
            try:
                text.encode(extra)
                encodings.append(extra)
            except UnicodeEncodeError:
                pass
        paths = []
        for enc in encodings:
            p = tmp_path / f"{name}-{enc}.txt"
            p.write_bytes(text.encode(enc))
            paths.append(p)
        res = run_cli("extract", *paths, "--jsonl")
        assert res.returncode == 0, res.stderr
        by_source: dict[str, list] = {str(p): [] for p in paths}
        for r in jsonl(res.stdout):
            by_source[r.pop("source")].append(r)
        first = by_source[str(paths[0])]
        assert all(records == first for records in by_source.values()), name
        assert first


def test_a_forced_encoding_is_used_and_its_failures_are_per_file(tmp_path, seeds):
    text = "据悉，全省国资国企欠薪约54.6亿元。"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gbk"))
    assert run_cli("extract", gbk, "--encoding", "gbk", "--jsonl").returncode == 0
    res = run_cli("extract", gbk, seeds[0], "--encoding", "utf-8", "--jsonl")
    assert res.returncode == 1
    assert len(err_lines(res)) == 1
    assert re.fullmatch(rf"soefacts: {re.escape(str(gbk))}: cannot decode as utf-8 .*", err_lines(res)[0])
    res = run_cli("extract", gbk, "--encoding", "klingon")
    assert res.returncode == 2 and b"klingon" in res.stderr
    no_traceback(res)


# --------------------------------------------------------------------------- errors


def test_bad_files_are_errors_for_that_file_only(tmp_path, seeds):
    png, nul, junk = tmp_path / "x.png.txt", tmp_path / "nul.txt", tmp_path / "junk.txt"
    png.write_bytes(PNG + bytes(range(256)))
    nul.write_bytes("国企改革".encode() + b"\x00\x00")
    junk.write_bytes(b"abc \x80\xff\x80\xff")
    missing = tmp_path / "missing.txt"
    res = run_cli("extract", png, seeds[0], nul, missing, junk, "--jsonl")
    no_traceback(res)
    assert res.returncode == 1
    assert err_lines(res) == [
        f"soefacts: {png}: not text (PNG image)",
        f"soefacts: {nul}: not text (binary data)",
        f"soefacts: {missing}: no such file or directory",
        f"soefacts: {junk}: cannot decode (not UTF-8, UTF-16, GB18030/GBK or Big5)",
    ]
    alone = run_cli("extract", seeds[0], "--jsonl")
    assert res.stdout == alone.stdout
    assert res.stdout


def _run_as_nobody(args: list[str], cwd: str):
    env = cli_env(HOME=cwd)
    return subprocess.run(soefacts_command() + args, capture_output=True, env=env, cwd=cwd,
                          timeout=60, user=65534 if os.geteuid() == 0 else None,
                          stdin=subprocess.DEVNULL)


def test_unreadable_directory_and_file_are_reported_and_the_rest_still_runs():
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions only")
    top = tempfile.mkdtemp(prefix="soefacts-perm-")
    try:
        os.chmod(top, 0o755)
        root = Path(top) / "archive"
        (root / "locked").mkdir(parents=True)
        (root / "locked" / "a.txt").write_text("约1亿元。")
        (root / "ok.txt").write_text("今天天气很好。")
        (root / "secret.txt").write_text("约2亿元。")
        for p in (root, root / "ok.txt"):
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        os.chmod(root / "secret.txt", 0o000)
        os.chmod(root / "locked", 0o000)
        try:
            probe = _run_as_nobody(["extract", str(root / "ok.txt"), "--jsonl"], top)
        except OSError as err:
            pytest.skip(f"cannot run soefacts as an unprivileged user here: {err}")
        if probe.returncode != 0:
            pytest.skip(f"cannot run soefacts as an unprivileged user here: {probe.stderr[-200:]!r}")
        res = _run_as_nobody(["extract", str(root), "--jsonl"], top)
        no_traceback(res)
        assert res.returncode == 1
        assert err_lines(res) == [
            f"soefacts: {root / 'locked'}: cannot read directory (permission denied)",
            f"soefacts: {root / 'secret.txt'}: permission denied",
        ]
    finally:
        for here, dirs, _ in os.walk(top):
            for d in dirs:
                os.chmod(os.path.join(here, d), 0o755)
        shutil.rmtree(top, ignore_errors=True)


@pytest.mark.parametrize("args, needle", [
    (["extract", "--no-such-option", "x.txt"], b"--no-such-option"),
    (["extract", "x.txt", "--ref-date", "2017-13-45"], b"--ref-date"),
    (["extract", "x.txt", "--ref-date", "2017-2-1"], b"YYYY-MM-DD"),
    (["extract", "x.txt", "--ref-date", "yesterday"], b"--ref-date"),
    (["extract"], b"no input"),
    (["extract", "--jsonl"], b"no input"),
    (["extract", "x.txt", "--jobs", "-1"], b"--jobs"),
    (["extract", "x.txt", "--quiet", "--verbose"], b"--quiet"),
    (["extract", "-", "--files-from", "-"], b"standard input"),
])
def test_bad_usage_exits_2_with_a_clear_message(args, needle):
    res = run_cli(*args)
    no_traceback(res)
    assert res.returncode == 2
    assert needle in res.stderr


def test_a_valid_ref_date_is_accepted(seeds):
    res = run_cli("extract", seeds[0], "--ref-date", "2017-02-10", "--jsonl")
    assert res.returncode == 0, res.stderr


def test_an_extractor_crash_is_one_files_error_not_a_traceback(tmp_path, seeds):
    boom = tmp_path / "boom.txt"
    boom.write_text("BOOM 约1亿元", encoding="utf-8")
    script = textwrap.dedent("""
        import sys
        import soefacts.pipeline as p
        real = p.extract_records
        def extract_records(text, *a, **k):
            if "BOOM" in text:
                raise RuntimeError("kaboom\\nsecond line")
            return real(text, *a, **k)
        p.extract_records = extract_records
        from soefacts.cli import main
        main()
    """)
    for jobs in ("1", "2"):
        res = subprocess.run([sys.executable, "-c", script, "extract", str(boom), str(seeds[0]),
                              "--jsonl", "--jobs", jobs], capture_output=True, timeout=60)
        no_traceback(res)
        assert res.returncode == 1
        assert err_lines(res) == [f"soefacts: {boom}: extraction failed (RuntimeError: kaboom)"]
        assert res.stdout == run_cli("extract", seeds[0], "--jsonl").stdout


# --------------------------------------------------------------------------- stderr extras


def test_summary_line_with_verbose_for_several_files(seeds, tmp_path):
    files = [*seeds, tmp_path / "missing.txt"]
    res = run_cli("extract", *files, "--jsonl", "--verbose")
    last = err_lines(res)[-1]
    assert re.fullmatch(rf"soefacts: {len(seeds)} files? read, \d+ facts?, 1 file failed \(\d+\.\d s\)", last)
    quiet = run_cli("extract", *files, "--jsonl")  # stderr is a pipe: no summary
    assert err_lines(quiet) == [f"soefacts: {tmp_path / 'missing.txt'}: no such file or directory"]
    single = run_cli("extract", seeds[0], "--jsonl", "--verbose")
    assert single.stderr == b""


def _run_with_terminal_stderr(args: list[str], env: dict) -> tuple[int, bytes]:
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(soefacts_command() + args, stdout=subprocess.DEVNULL, stderr=slave,
                            stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_only_on_a_terminal_and_not_under_ci_or_quiet(seeds):
    files = [str(p) for p in seeds] * 2
    code, shown = _run_with_terminal_stderr(["extract", *files, "--jsonl"], cli_env())
    assert code == 0
    assert b"extracting" in shown  # the bar
    assert b"files read" in shown  # the summary: stderr is a terminal
    code, shown = _run_with_terminal_stderr(["extract", *files, "--jsonl"], cli_env(CI="true"))
    assert code == 0 and b"extracting" not in shown and b"files read" in shown
    code, shown = _run_with_terminal_stderr(["extract", *files, "--jsonl", "--quiet"], cli_env())
    assert code == 0 and shown == b""
    piped = run_cli("extract", *files, "--jsonl")
    assert piped.stderr == b""


# --------------------------------------------------------------------------- streams


def test_jsonl_is_flushed_per_document_while_later_input_is_pending(seeds):
    proc = subprocess.Popen(soefacts_command() + ["extract", str(seeds[0]), "-", "--jsonl"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=cli_env())
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no record before standard input was closed"
        first = proc.stdout.readline()
        assert json.loads(first)["source"] == str(seeds[0])
    finally:
        proc.stdin.close()
        rest = proc.stdout.read()
        proc.stderr.read()
        assert proc.wait(timeout=60) == 0
    assert all(json.loads(line) for line in rest.splitlines())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_head_ends_the_run_quietly(seeds, tmp_path, jobs):
    lst = file_list(tmp_path, [str(p) for p in seeds] * 150)
    cmd = " ".join(soefacts_command())
    res = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd} extract --files-from {lst} --jsonl "
                          f"--jobs {jobs} | head -n 1"], capture_output=True, timeout=120, env=cli_env())
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.splitlines()) == 1
    assert res.stderr == b""


def test_ctrl_c_while_waiting_for_stdin_exits_130_without_traceback():
    proc = subprocess.Popen(soefacts_command() + ["extract", "-", "--jsonl"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    time.sleep(2.0)  # well past start-up: blocked reading standard input
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    proc.stdin.close()
    assert proc.returncode == 130
    assert b"Traceback" not in err and out == b""


def _start_long_run(seeds, tmp_path, fmt, jobs):
    """A run over thousands of files, in its own session so a signal reaches its workers."""
    lst = file_list(tmp_path, [str(p) for p in seeds] * 2000)
    return subprocess.Popen(soefacts_command() + ["extract", "--files-from", str(lst), fmt,
                                                  "--jobs", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env(),
                            start_new_session=True)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_mid_run_leaves_a_valid_json_array(seeds, tmp_path, jobs):
    proc = _start_long_run(seeds, tmp_path, "--json", jobs)
    first = proc.stdout.readline()
    assert first == b"[\n"
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C on a terminal: workers get it too
    rest = proc.stdout.read()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 130, err
    assert err.decode().splitlines() == ["soefacts: interrupted"]
    assert json.loads(first + rest)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_mid_run_leaves_only_whole_jsonl_lines(seeds, tmp_path, jobs):
    proc = _start_long_run(seeds, tmp_path, "--jsonl", jobs)
    first = proc.stdout.readline()
    assert first
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C on a terminal: workers get it too
    rest = proc.stdout.read()  # not communicate(): it would skip what readline() buffered
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 130, err
    assert b"Traceback" not in err
    lines = (first + rest).decode("utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline: no half line
    assert all(json.loads(line) for line in lines[:-1])


# --------------------------------------------------------------------------- parallel and large


def test_jobs_print_exactly_what_one_process_prints(seeds, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(PNG)
    files = [str(p) for p in seeds] * 10
    files[5:5] = [str(bad), str(tmp_path / "missing.txt")]
    lst = file_list(tmp_path, files)
    results = {j: run_cli("extract", "--files-from", lst, "--jsonl", "--jobs", j) for j in ("1", "2", "0")}
    for j, res in results.items():
        no_traceback(res)
        assert res.returncode == 1
        assert (res.stdout, res.stderr) == (results["1"].stdout, results["1"].stderr), j
    assert len(err_lines(results["1"])) == 2
    assert results["1"].stdout
    json_1 = run_cli("extract", "--files-from", lst, "--json", "--jobs", "1")
    json_2 = run_cli("extract", "--files-from", lst, "--json", "--jobs", "2")
    assert json_1.stdout == json_2.stdout


def test_a_large_file_is_read_in_pieces_with_offsets_into_the_whole(seeds, tmp_path):
    """The real extractor over a file cut into pieces (limits lowered so the test stays fast)."""
    seed = decode(seeds[0].read_bytes())
    body = seed.rstrip("\n") + "\n\n"
    big = tmp_path / "big.txt"
    text = body * 12
    big.write_text(text, encoding="utf-8")
    script = textwrap.dedent("""
        from soefacts import batch
        batch.WHOLE_LIMIT, batch.PIECE_CHARS, batch.READ_BYTES = 20000, 8000, 4096
        from soefacts.cli import main
        main()
    """)
    res = subprocess.run([sys.executable, "-c", script, "extract", str(big), "--json"],
                         capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr
    records = json.loads(res.stdout)
    assert records
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
    from soefacts import extract

    assert records == [f.model_dump(mode="json") for f in extract(text, source=str(big))]


# --------------------------------------------------------------------------- examples


def _readme_commands() -> list[str]:
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return [line for block in blocks for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_examples_run_as_written(tmp_path, seeds):
    work = tmp_path / "work"
    (work / "articles" / "more").mkdir(parents=True)
    for i, seed in enumerate(seeds):
        shutil.copy(seed, work / "articles" / ("more" if i % 2 else "") / seed.name)
    shutil.copytree(REPO / "examples", work / "examples")
    env = cli_env(PATH=os.pathsep.join([os.path.dirname(soefacts_command()[0]),
                                        os.environ.get("PATH", "")]))
    commands = _readme_commands()
    assert any("extract_folder.sh" in c for c in commands)
    have_jq = shutil.which("jq") is not None
    outputs = {}
    for command in commands:
        if "jq" in command.split() and not have_jq:
            continue
        res = subprocess.run(["bash", "-c", "set -o pipefail\n" + command], cwd=work, env=env,
                             capture_output=True, timeout=300)
        assert res.returncode == 0, (command, res.stderr.decode())
        outputs[command] = res.stdout.decode("utf-8")
    facts = jsonl((work / "facts.jsonl").read_bytes())
    assert {r["source"] for r in facts} <= {f"articles/{p.name}" for p in seeds} | {
        f"articles/more/{p.name}" for p in seeds}
    assert facts
    if have_jq:
        assert (work / "facts.csv").exists()
        csv_rows = list(csv.reader(io.StringIO((work / "facts.csv").read_text(encoding="utf-8"))))
        assert csv_rows[0][:3] == ["source", "metric", "value"] and len(csv_rows) == len(facts) + 1
        money = next(out for c, out in outputs.items() if "10000000000" in c)
        big = [json.loads(line) for line in money.splitlines()]
        assert big == [{k: r[k] for k in ("value", "text", "metric", "sentence", "source")}
                       for r in facts if r["unit"] == "元" and r["value"] > 1e10]
