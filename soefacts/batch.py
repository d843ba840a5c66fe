"""Batch runs of `soefacts extract`: inputs in order, read, decode, extract, write, report.

- `expand_inputs` turns PATHs (files, directories, `-`) and `--files-from` into one ordered list.
- `iter_records` reads one document and yields its records, one batch per piece: small files
  (the normal case) are read whole; a large file or stream is decoded incrementally and cut
  into pieces of about `PIECE_CHARS` characters at a paragraph break, else a sentence end,
  else a line break, so memory stays bounded whatever the input size.
- `run` drives a whole batch, in this process or in worker processes (`--jobs`), and writes
  exactly the same output either way.

Heavy modules (multiprocessing, rich) are imported only when a run needs them.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Callable, Iterator, NamedTuple

from .decode import DecodeError, binary_kind, decode, detect, incremental_decoder

# Files up to this size are read and extracted whole.
WHOLE_LIMIT = 4 << 20
# Larger inputs: bytes read at a time, and the aimed-at size of a piece in characters
# (512K characters: about 1.5 MB of Chinese in UTF-8, 1 MB in GB18030).
READ_BYTES = 1 << 20
PIECE_CHARS = 1 << 19

STDIN = "-"


class InputError(Exception):
    """A document that cannot be read; str(err) is the reason shown to the user."""


class Failed(NamedTuple):
    """An input that failed before it could be opened (e.g. an unreadable directory)."""

    path: str
    reason: str


class Config(NamedTuple):
    """What every document of a run is read with (sent to worker processes as is)."""

    ref_date: object = None  # datetime.date or None
    encoding: str | None = None
    # Workers serialise JSON Lines themselves, so the main process only writes them
    # (the serial part of a --jobs run: see benchmarks/speed.py).
    jsonl: bool = False


# --------------------------------------------------------------------------- inputs


def os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or type(err).__name__).lower()


def walk_dir(root: str) -> list[str | Failed]:
    """The `*.txt` files under `root`, recursively, sorted; unreadable folders as `Failed`."""
    found: list[str | Failed] = []
    problems: list[Failed] = []

    def onerror(err: OSError) -> None:
        where = err.filename if isinstance(err.filename, str) else root
        problems.append(Failed(where, f"cannot read directory ({os_reason(err)})"))

    for here, dirs, files in os.walk(root, onerror=onerror):
        dirs.sort()
        found.extend(os.path.join(here, f) for f in files if f.endswith(".txt"))
    found.sort(key=lambda p: os.path.relpath(p, root).split(os.sep))
    return problems + found


def read_list(name: str, stdin=None) -> list[str]:
    """Paths from a `--files-from` file (or `-`), one per line; blank lines are skipped."""
    if name == STDIN:
        lines = (stdin or sys.stdin).read().splitlines()
    else:
        with open(name, encoding="utf-8", errors="surrogateescape") as f:
            lines = f.read().splitlines()
    return [line for line in lines if line.strip()]


def expand_inputs(paths: list[str]) -> tuple[list[str | Failed], list[str]]:
    """Files in input order, each directory replaced by its sorted `*.txt` files; and the
    directories that held none."""
    out: list[str | Failed] = []
    empty: list[str] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found = walk_dir(path)
            out.extend(found)
            if not found:
                empty.append(path)
        else:
            out.append(path)
    return out, empty


# --------------------------------------------------------------------------- one document


def publication_date(text: str):
    """The lead's date finder, when it is there."""
    try:
        from . import dates

        finder = dates.find_publication_date
    except (ImportError, AttributeError):
        return None
    return finder(text)


def _extract(text: str, ref_date, source: str, base_offset: int) -> list[dict]:
    from .pipeline import extract_records

    return extract_records(text, ref_date, source=source, base_offset=base_offset)


def _extract_piece(text: str, ref_date, source: str, base_offset: int, state):
    """One piece of a large document: records, and the state the next piece needs."""
    from .attach import PieceState
    from .dates import parse_ref_date
    from .pipeline import extract_piece

    return extract_piece(text, parse_ref_date(ref_date), source=source,
                         base_offset=base_offset, state=state or PieceState())


# Where a piece may end, best first (compiled on first use: only large inputs need them).
_PARAGRAPH_BREAK = r"\n[ \t\r\f\v\u3000]*\n"
_SENTENCE_END = r"[。！？!?][”’」』）)\"']*"


def _last_end(pattern: str, text: str) -> int | None:
    end = None
    for m in re.finditer(pattern, text):
        end = m.end()
    return end


def cut_point(buf: str, target: int = PIECE_CHARS) -> int:
    """Where to end the next piece of `buf`: between target/2 and 3*target/2 characters.

    The last paragraph break in that window, else the last sentence end, else the last line
    break, else the window's end.
    """
    lo, hi = target // 2, min(len(buf), target + target // 2)
    window = buf[lo:hi]
    for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END):
        end = _last_end(pattern, window)
        if end is not None:
            return lo + end
    nl = window.rfind("\n")
    return lo + nl + 1 if nl >= 0 else hi


def _open(path: str):
    if path == STDIN:
        return sys.stdin.buffer, False
    try:
        return open(path, "rb"), True
    except OSError as err:
        raise InputError(os_reason(err)) from None


def _read(f, n: int) -> bytes:
    try:
        return f.read(n)
    except OSError as err:
        raise InputError(f"read error ({os_reason(err)})") from None


def _read_head(f, limit: int) -> bytes:
    """Up to limit + 1 bytes: a whole small file, or the start of a large one. A file's
    size, when known, spares allocating limit + 1 bytes for every small article."""
    try:
        size = os.fstat(f.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        size = 0
    if not 0 < size <= limit:
        return _read(f, limit + 1)
    head = _read(f, size + 1)
    if len(head) > size:  # it grew since: read on as for an unknown size
        head += _read(f, limit + 1 - len(head))
    return head


def iter_records(path: str, cfg: Config, *, whole_limit: int | None = None,
                 piece_chars: int | None = None) -> Iterator[list[dict]]:
    """The records of one document as dicts, a list per piece (one list for a small file).

    Raises InputError or DecodeError when the document cannot be read or decoded.
    """
    whole_limit = WHOLE_LIMIT if whole_limit is None else whole_limit
    piece_chars = PIECE_CHARS if piece_chars is None else piece_chars
    f, close = _open(path)
    try:
        head = _read_head(f, whole_limit)
        if len(head) <= whole_limit:
            yield _extract(decode(head, cfg.encoding), cfg.ref_date, path, 0)
            return
        yield from _iter_pieces(f, head, path, cfg, piece_chars)
    finally:
        if close:
            f.close()


def _iter_pieces(f, head: bytes, path: str, cfg: Config, piece_chars: int) -> Iterator[list[dict]]:
    if cfg.encoding is None:
        encoding = detect(head, complete=False)
    elif binary_kind(head):
        raise DecodeError(f"not text ({binary_kind(head)})")
    else:
        encoding = cfg.encoding
    decoder = incremental_decoder(encoding, head)
    consumed = 0  # bytes handed to the decoder, for error messages

    def feed(data: bytes, final: bool) -> str:
        nonlocal consumed
        try:
            return decoder.decode(data, final)
        except UnicodeDecodeError as err:
            raise DecodeError(f"cannot decode as {encoding} "
                              f"(invalid bytes near offset {consumed + err.start})") from None
        finally:
            consumed += len(data)

    buf, eof = feed(head, False), False
    del head
    offset, ref_date, first = 0, cfg.ref_date, True
    state = None  # what the times of one piece hand to the next (pipeline.extract_piece)
    while buf or not eof:
        while not eof and len(buf) < piece_chars + piece_chars // 2:
            data = _read(f, READ_BYTES)
            eof = not data
            buf += feed(data, eof)
        cut = len(buf) if eof and len(buf) <= piece_chars + piece_chars // 2 else cut_point(buf, piece_chars)
        piece, buf = buf[:cut], buf[cut:]
        if first and ref_date is None:
            # The publication date stands at the document's start; it governs every
            # piece (and when the start has none, no later piece is searched for one).
            ref_date = publication_date(piece)
        first = False
        records, state = _extract_piece(piece, ref_date, path, offset, state)
        yield records
        offset += len(piece)


def describe_failure(err: BaseException) -> str:
    """One line for a document whose extraction raised something unexpected."""
    if isinstance(err, (InputError, DecodeError)):
        return str(err)
    lines = str(err).strip().splitlines()
    detail = f": {lines[0]}" if lines else ""
    return f"extraction failed ({type(err).__name__}{detail})"


# --------------------------------------------------------------------------- workers

class Serialised(NamedTuple):
    """A document's records already written as JSON Lines by a worker."""

    text: str
    count: int

    def __len__(self) -> int:
        return self.count


_WORKER_CFG: Config | None = None
_IN_MAIN = ("main",)  # a worker's answer: do this input in the main process (stdin, large file)


def _init_worker(cfg: Config) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the main process alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _WORKER_CFG
    _WORKER_CFG = cfg


def _work(path: str | None) -> tuple:
    """Read, decode and extract one small document in a worker: ("ok", records) or ("error", reason)."""
    if path is None or path == STDIN:
        return _IN_MAIN
    try:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0  # opening it reports the problem
        if size > WHOLE_LIMIT:
            return _IN_MAIN
        records: list[dict] = []
        for batch in iter_records(path, _WORKER_CFG):
            records.extend(batch)
        if _WORKER_CFG.jsonl:
            from .output import jsonl_text

            return ("ok", Serialised(jsonl_text(records), len(records)))
        return ("ok", records)
    except Exception as err:  # noqa: BLE001 - any failure is this document's error
        return ("error", describe_failure(err))


# --------------------------------------------------------------------------- the run


def run(items: list[str | Failed], cfg: Config, write: Callable[[str, list[dict]], None],
        reporter, jobs: int = 1, freeze: bool = False) -> None:
    """Process `items` in order; `write(source, records)` gets each document's records (a piece
    at a time for large ones), `reporter` each outcome. `freeze`: for a process that ends
    with the run (the CLI), gc.freeze() what is loaded before forking workers."""

    def in_main(item: str | Failed) -> None:
        if isinstance(item, Failed):
            reporter.failed(item.path, item.reason)
            return
        records = iter_records(item, cfg)
        count = 0
        while True:
            try:
                batch = next(records)
            except StopIteration:
                break
            except Exception as err:  # noqa: BLE001 - any failure is this document's error
                reporter.failed(item, describe_failure(err))
                return
            write(item, batch)
            count += len(batch)
        reporter.done(item, count)

    if jobs == 1 or len(items) < 2:
        reporter.start()
        for item in items:
            in_main(item)
        return

    import multiprocessing

    # Compile the patterns and load the data files once, here: forked workers
    # inherit them instead of each paying for it again.
    from .pipeline import warm_up

    warm_up()
    if freeze:
        # Python's advice for forking servers: freeze first, so that collections in the
        # workers do not touch, and so copy, the pages they share with this process.
        import gc

        gc.freeze()
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    tasks = [item if isinstance(item, str) else None for item in items]
    jobs = min(jobs, len(tasks))
    chunksize = max(1, min(16, len(tasks) // (jobs * 4)))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(cfg,)) as pool:
        reporter.start()
        for item, answer in zip(items, pool.imap(_work, tasks, chunksize)):
            if answer[0] == "main":
                in_main(item)
            elif answer[0] == "error":
                reporter.failed(item, answer[1])
            else:
                write(item, answer[1])
                reporter.done(item, len(answer[1]))
