"""Benchmark deepseek-migrate against grep, ruff and bare libcst, in one invocation.

Usage::

    python bench/bench.py                  # 5 repeats (2 for the parse-heavy part): about an hour on 2 cores
    python bench/bench.py --quick          # 3 repeats (1 for the parse-heavy part)
    python bench/bench.py --json out.json  # also write the result (default: bench/result.json)
    python bench/bench.py --only scan,precommit,parse   # a subset (scan covers memory too)
    python bench/bench.py --only scale     # findings per file, and memory per changed file (item 8)

Run it with the interpreter of the environment that has deepseek-migrate's
dependencies (``/work/venv/bin/python bench/bench.py``); the checkout this file
sits in is the code measured (the ``deepseek-migrate`` script beside the
interpreter, else ``python -m migrate``, with the checkout first on ``PYTHONPATH``). Trees are built once under ``$DSM_BENCH_DIR`` (default
``$TMPDIR/deepseek-migrate-bench``) and reused while their manifest matches.

What is measured (every figure is wall time of a whole command, interpreter
start included, median over the repeats; commands of one target run
interleaved in each round so machine noise hits them alike; one untimed
warm-up round first, so every run reads from the page cache):

1. No-match scan. The tree is a copy of this Python installation's stdlib
   (``sys.base_prefix``) and the running environment's site-packages (a venv's own), ``.py``
   files only, without the folders that ruff and deepseek-migrate skip by
   default (``build``, ``dist``, ``venv``, ``__pycache__``, ...) and without any
   file that contains a name the prefilter looks for. So grep, ruff and
   deepseek-migrate see exactly the same files; the counts are checked
   (``grep -rc ''``, ``ruff check --show-files``, our summary) and printed.
   The copy is needed because the originals sit inside pyenv's git checkout,
   whose ``.gitignore`` ignores ``versions/`` (we and ruff would skip it all),
   and site-packages holds ``.json``/``.md`` files that we read and ruff does not.
   References: ``grep -rlE 'deepseek-(chat|reasoner)'`` (target: ours within
   2x) and ``ruff check --select UP --no-cache --silent`` (target: ours faster).
   The 1% tree (``--only matches``): a copy of that tree where every 100th
   file (sorted) ends with a DeepSeek call naming a retired model (an openai
   SDK call, a raw request body or a LangChain model): ``check`` beside ruff
   and grep on the same files.
2. Pre-commit cost. ``deepseek-migrate check one_file.py`` on a generated
   ~350-line module without a match (target: 150 ms, absolute) and on the same
   module with retired names (target: within 3x of ``python -c "import libcst;
   libcst.parse_module(open(f).read())"`` on that file). ``python -c pass`` is
   shown for scale.
3. Parse-heavy. 2,000 generated modules (openai SDK calls, module constants
   imported across modules, raw request dicts, 200-500 lines of other code),
   every one with retired names. ``fix --jobs 1`` and ``fix --jobs 2``, each on
   a fresh copy of the tree (copied before the clock starts). Targets: jobs 2
   at least 1.7x the throughput of jobs 1; ``fix --jobs 1`` at most 1.5x a
   one-process libcst parse of the same files (read + decode + parse_module,
   interpreter start and ``import libcst`` included on both sides).
   Also shown: where one file's time goes (parse, our index and spans,
   libcst's metadata providers for comparison, the whole engine), measured
   in one process on 30 of the files.
   This part runs 2 repeats (1 with ``--quick``) and no warm-up round: one
   ``--jobs 1`` run takes minutes here.
4. Memory. Peak RSS (GNU ``time -f %M``: the largest single process, pool
   workers included) of the no-match scan over the whole tree (target < 200 MB)
   and over the stdlib part only: the growth between the two (7.5x the files,
   +130 MB of source) must stay under 10 MB, i.e. no per-file text is kept.

5. Scale (``--only scale``; not in the default run). ``fix --jobs 1`` on one
   file of 2,500, 5,000 and 10,000 openai SDK calls, each with a retired name
   (a fresh copy before each run). Target: the time per finding at 10,000 at
   most 1.5x that at 2,500 (linear; it was quadratic). And ``fix --jobs 2`` on
   trees of 2,000 and 8,000 files of 3.3 KB that all change (both past the
   1,000 files read in the main process): the peak RSS may grow by at most 3 KB
   per extra changed file. A result held to the end keeps its two texts, 6.6 KB
   here (the run grew by 8.9 KB per file when results were held); what remains
   is the run's bookkeeping per candidate file (its path, import rows and
   statement starts for the cross-module pass), about 2 KB.

The table prints medians, the ratios and whether each target is met; the JSON
holds every sample.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from migrate.discovery import DEFAULT_EXCLUDES  # noqa: E402
from migrate.engine import Settings  # noqa: E402
from migrate.rulepack import load_rules  # noqa: E402

# Everything the default rule pack's prefilter looks for (a file with any of these is left out
# of the no-match tree), and its test for fragment tests in Python files (``"reasoner" in model``).
PREFILTER = re.compile(rb"deepseek-(?:chat|reasoner|v4-flash|v4-pro|flash)")
TREE_VERSION = "5"
FRAGMENTS = Settings(rules=load_rules()).kind_test()
PARSE_FILES = 2000


# --------------------------------------------------------------------------- running commands


@dataclass
class Sample:
    wall: float
    cpu: float  # user + system seconds of the command and its children
    rss_kb: int
    rc: int


@dataclass
class Measure:
    name: str
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)
    ok_rcs: tuple[int, ...] = (0,)
    prepare: object = None  # callable run before each timed sample (untimed)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_kb for s in self.samples) / 1024


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(REPO) + (os.pathsep + out["PYTHONPATH"] if out.get("PYTHONPATH") else "")
    out.pop("PYTHONPROFILEIMPORTTIME", None)
    out.setdefault("NO_COLOR", "1")
    return out


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def timed(argv: list[str], *, cwd: Path | None = None) -> tuple[Sample, str, str]:
    """Run ``argv``; wall time from fork to reaped, CPU time from ``wait4``, peak RSS from GNU time.

    ``ru_maxrss`` of a child forked from this (Python) process starts at this process's
    own RSS, so the peak RSS comes from ``/usr/bin/time -f %M``, whose fork is tiny; the
    wrapper costs about a millisecond of wall time, the same for every command. Without
    it, ``wait4``'s figure is used (an upper bound).
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile() as rss,
    ):
        full = [TIME, "-q", "-f", "%M", "-o", rss.name, *argv] if TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = int(usage.ru_maxrss)
        if TIME:
            text = Path(rss.name).read_text().split()
            if text and text[-1].isdigit():
                rss_kb = int(text[-1])
        out.seek(0)
        err.seek(0)
        return (
            Sample(wall, usage.ru_utime + usage.ru_stime, rss_kb, proc.returncode),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def run_rounds(measures: list[Measure], repeats: int, cwd: Path, *, warmup: bool = True) -> None:
    """One untimed warm-up round, then ``repeats`` rounds with the commands interleaved."""
    for round_no in range(0 if warmup else 1, repeats + 1):
        for m in measures:
            if callable(m.prepare):
                m.prepare()
            sample, out, err = timed(m.argv, cwd=cwd)
            if sample.rc not in m.ok_rcs:
                raise SystemExit(
                    f"bench: {m.name}: exit {sample.rc} (expected {m.ok_rcs})\n$ {' '.join(m.argv)}\n"
                    f"{out[-2000:]}\n{err[-2000:]}"
                )
            if round_no:
                m.samples.append(sample)
            log(f"  {m.name}: {sample.wall:.3f}s" + ("" if round_no else " (warm-up)"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ours() -> list[str]:
    """The console script pre-commit runs (this checkout comes first on PYTHONPATH), else ``-m``."""
    script = Path(sys.executable).parent / "deepseek-migrate"
    return [str(script)] if script.exists() else [sys.executable, "-m", "migrate"]


# --------------------------------------------------------------------------- trees


def bench_dir() -> Path:
    base = os.environ.get("DSM_BENCH_DIR") or os.path.join(tempfile.gettempdir(), "deepseek-migrate-bench")
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def scan_sources() -> list[tuple[str, Path]]:
    base = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})
    stdlib = Path(base["stdlib"])
    # The site-packages of the environment running the bench (a venv's own, not the base's).
    site = Path(sysconfig.get_paths()["purelib"])
    return [("stdlib", stdlib), ("packages", site)]


def build_scan_tree(root: Path) -> dict[str, object]:
    """Copy stdlib + site-packages ``.py`` files with no prefilter hit, default excludes dropped."""
    manifest_path = root / "manifest.json"
    sources = scan_sources()
    key = {"version": TREE_VERSION, "sources": [str(p) for _, p in sources]}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("key") == key:
            return manifest
    log(f"building the no-match tree under {root} (once)")
    tree = root / "tree"
    if tree.exists():
        shutil.rmtree(tree)
    counts: dict[str, int] = {}
    sizes: dict[str, int] = {}
    skipped = 0
    for label, src in sources:
        n = size = 0
        for dirpath, dirnames, filenames in os.walk(src):
            here = Path(dirpath)
            # The stdlib folder holds site-packages; it is its own root here.
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in DEFAULT_EXCLUDES
                and not (here / d).is_symlink()
                and all((here / d) != s for _, s in sources)
            )
            for name in sorted(filenames):
                if not name.endswith(".py") or (here / name).is_symlink():
                    continue
                try:
                    data = (here / name).read_bytes()
                except OSError:
                    continue
                if PREFILTER.search(data) or FRAGMENTS(data, "python"):
                    skipped += 1
                    continue
                dest = tree / label / (here / name).relative_to(src)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                n += 1
                size += len(data)
        counts[label], sizes[label] = n, size
    manifest = {"key": key, "files": counts, "bytes": sizes, "skipped_matching": skipped}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


LIBS = ["os", "json", "logging", "time", "re", "itertools", "functools", "collections"]
WORDS = [
    "user",
    "order",
    "item",
    "account",
    "report",
    "invoice",
    "session",
    "message",
    "record",
    "batch",
    "event",
    "task",
    "job",
    "query",
    "result",
    "payload",
    "token",
    "cache",
    "index",
    "entry",
    "summary",
    "context",
    "prompt",
    "answer",
    "score",
    "label",
]


def _ident(rng: random.Random, n: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(n))


def _filler_block(rng: random.Random) -> list[str]:
    """One realistic top-level definition, 8-40 lines."""
    kind = rng.randrange(6)
    a, b, c = _ident(rng), _ident(rng), _ident(rng, 1)
    if kind == 0:
        fields = [
            f"    {_ident(rng)}: {rng.choice(['int', 'str', 'float', 'list[str]', 'dict[str, int]'])}"
            for _ in range(rng.randint(3, 8))
        ]
        return [
            "@dataclass",
            f"class {a.title().replace('_', '')}:",
            f'    """A {a.replace("_", " ")} as the service stores it."""',
            "",
            *fields,
            f"    {c}_count: int = 0",
            "",
            "    def as_dict(self) -> dict[str, object]:",
            "        return {k: getattr(self, k) for k in self.__dataclass_fields__}",
            "",
            "    def bump(self, by: int = 1) -> None:",
            f"        self.{c}_count += by",
            f'        logger.debug("bumped %s to %d", {a!r}, self.{c}_count)',
            "",
        ]
    if kind == 1:
        return [
            f"def {a}(rows: list[dict[str, object]], limit: int = {rng.randint(5, 500)}) -> list[dict[str, object]]:",
            f'    """Keep the {b.replace("_", " ")} rows, newest first."""',
            "    out = []",
            '    for row in sorted(rows, key=lambda r: r.get("ts", 0), reverse=True):',
            f"        if row.get({c!r}) is None:",
            "            continue",
            "        try:",
            f"            value = int(row[{c!r}])",
            "        except (TypeError, ValueError) as exc:",
            f'            logger.warning("bad {c} in %r: %s", row, exc)',
            "            continue",
            f'        out.append({{**row, {c!r}: value, "rank": len(out) + 1}})',
            "        if len(out) >= limit:",
            "            break",
            "    return out",
            "",
        ]
    if kind == 2:
        return [
            f"class {a.title().replace('_', '')}Store:",
            f"    def __init__(self, path: str = {('/var/lib/' + b)!r}) -> None:",
            "        self.path = path",
            "        self._items: dict[str, dict[str, object]] = {}",
            "        self._dirty = False",
            "",
            "    def load(self) -> None:",
            "        if not os.path.exists(self.path):",
            "            return",
            '        with open(self.path, encoding="utf-8") as fh:',
            "            self._items = json.load(fh)",
            "",
            "    def put(self, key: str, value: dict[str, object]) -> None:",
            "        self._items[key] = {**self._items.get(key, {}), **value}",
            "        self._dirty = True",
            "",
            "    def save(self) -> None:",
            "        if not self._dirty:",
            "            return",
            '        tmp = self.path + ".tmp"',
            '        with open(tmp, "w", encoding="utf-8") as fh:',
            "            json.dump(self._items, fh, indent=2, sort_keys=True)",
            "        os.replace(tmp, self.path)",
            "        self._dirty = False",
            "",
        ]
    if kind == 3:
        n = rng.randint(4, 12)
        entries = [
            f"    {_ident(rng)!r}: ({rng.randint(0, 99)}, {rng.random():.3f}, {_ident(rng, 1)!r}),"
            for _ in range(n)
        ]
        return [
            f"{a.upper()}_TABLE = {{",
            *entries,
            "}",
            "",
            f"def lookup_{a}(key: str) -> tuple[int, float, str] | None:",
            f"    return {a.upper()}_TABLE.get(key)",
            "",
        ]
    if kind == 4:
        return [
            f"async def {a}(items, *, retries: int = 3, delay: float = {rng.choice([0.1, 0.5, 1.0])}):",
            "    attempt = 0",
            "    while True:",
            "        try:",
            f"            return [await handle_{c}(item) for item in items if item is not None]",
            "        except ConnectionError:",
            "            attempt += 1",
            "            if attempt > retries:",
            "                raise",
            "            time.sleep(delay * 2 ** attempt)",
            "",
            "",
            f"async def handle_{c}(item):",
            f'    text = f"{{item!r}} -> {b}"',
            '    return {"text": text, "length": len(text), "words": text.split()}',
            "",
        ]
    return [
        f"def {a}_stats(values: list[float]) -> dict[str, float]:",
        "    if not values:",
        '        return {"n": 0, "mean": 0.0, "max": 0.0}',
        "    total = sum(values)",
        "    mean = total / len(values)",
        "    var = sum((v - mean) ** 2 for v in values) / max(len(values) - 1, 1)",
        "    groups = collections.Counter(round(v, 1) for v in values)",
        "    top = [k for k, _ in groups.most_common(3)]",
        '    return {"n": len(values), "mean": mean, "var": var, "max": max(values), "top": top}',
        "",
    ]


def _llm_block(rng: random.Random, index: int) -> list[str]:
    """Code that sends a model name: SDK calls, raw request dicts, constants from config."""
    kind = rng.randrange(4)
    name = rng.choice(["deepseek-chat", "deepseek-reasoner"])
    fn = f"{_ident(rng)}_{index}"
    if kind == 0:
        return [
            f"def {fn}(text: str) -> str:",
            "    response = client.chat.completions.create(",
            "        model=CHAT_MODEL,",
            "        messages=[",
            '            {"role": "system", "content": "Answer briefly."},',
            '            {"role": "user", "content": text},',
            "        ],",
            f"        temperature={rng.choice(['0.2', '0.7', '1.0'])},",
            "    )",
            "    return response.choices[0].message.content",
            "",
        ]
    if kind == 1:
        return [
            f"def {fn}(problem: str) -> tuple[str, str]:",
            "    response = client.chat.completions.create(",
            f"        model={name!r},",
            '        messages=[{"role": "user", "content": problem}],',
            "    )",
            "    message = response.choices[0].message",
            '    return getattr(message, "reasoning_content", ""), message.content',
            "",
        ]
    if kind == 2:
        return [
            f"def {fn}(prompt: str) -> str:",
            "    payload = {",
            f'        "model": {name!r},',
            '        "messages": [{"role": "user", "content": prompt}],',
            '        "stream": False,',
            "    }",
            '    headers = {"Authorization": f"Bearer {os.environ[\'DEEPSEEK_API_KEY\']}"}',
            "    response = requests.post(API_URL, json=payload, headers=headers, timeout=60)",
            "    response.raise_for_status()",
            '    return response.json()["choices"][0]["message"]["content"]',
            "",
        ]
    return [
        f"async def {fn}(question: str) -> str:",
        "    response = await async_client.chat.completions.create(",
        "        model=REASONER_MODEL,",
        '        messages=[{"role": "user", "content": question}],',
        "        max_tokens=4096,",
        "    )",
        "    return response.choices[0].message.content",
        "",
    ]


def generated_module(rng: random.Random, index: int) -> str:
    lines = [
        f'"""Service module {index}: helpers around the chat API, generated for the benchmark."""',
        "",
        "from __future__ import annotations",
        "",
        *sorted(
            {f"import {m}" for m in [*rng.sample(LIBS, 4), "collections", "json", "logging", "os", "time"]}
        ),
        "from dataclasses import dataclass",
        "",
        "import requests",
        "from openai import AsyncOpenAI, OpenAI",
        "",
        "from .config import CHAT_MODEL, REASONER_MODEL",
        "",
        "logger = logging.getLogger(__name__)",
        'API_URL = "https://api.deepseek.com/chat/completions"',
        f"DEFAULT_MODEL_{index} = {rng.choice(['deepseek-chat', 'deepseek-reasoner'])!r}",
        'client = OpenAI(api_key=os.environ.get("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")',
        'async_client = AsyncOpenAI(api_key=os.environ.get("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")',
        "",
        "",
    ]
    target = rng.randint(200, 500)
    llm_at = sorted(rng.sample(range(12), rng.randint(2, 4)))
    block = 0
    while len(lines) < target:
        if block in llm_at:
            lines += _llm_block(rng, block)
        else:
            lines += _filler_block(rng)
        lines.append("")
        block += 1
    return "\n".join(lines).rstrip() + "\n"


CONFIG = '''"""Model names for this package."""

CHAT_MODEL = "deepseek-chat"
REASONER_MODEL = "deepseek-reasoner"
'''


def build_parse_tree(root: Path, files: int = PARSE_FILES) -> dict[str, object]:
    """``files`` modules in packages of 50, each package with a config.py exporting the model names."""
    manifest_path = root / "manifest.json"
    key = {"version": TREE_VERSION, "files": files}
    if manifest_path.is_file() and json.loads(manifest_path.read_text()).get("key") == key:
        return json.loads(manifest_path.read_text())
    log(f"generating {files} modules under {root} (once)")
    src = root / "src"
    if src.exists():
        shutil.rmtree(src)
    rng = random.Random(6)
    lines = size = 0
    per_package = 50
    packages = (files + per_package - 1) // per_package
    made = 0
    for p in range(packages):
        pkg = src / f"service_{p:02d}"
        pkg.mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        # config.py counts as one of the files: it holds retired names too.
        (pkg / "config.py").write_text(CONFIG)
        made += 1
        lines += CONFIG.count("\n")
        size += len(CONFIG)
        for i in range(per_package - 1):
            if made >= files:
                break
            text = generated_module(rng, made)
            (pkg / f"mod_{i:03d}.py").write_text(text)
            made += 1
            lines += text.count("\n")
            size += len(text)
    manifest = {"key": key, "files": made, "lines": lines, "bytes": size}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


PARSE_ONLY = """
import os, sys
import libcst
n = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames.sort()
    for name in sorted(filenames):
        if name.endswith('.py'):
            with open(os.path.join(dirpath, name), 'rb') as fh:
                data = fh.read()
            libcst.parse_module(data.decode('utf-8'))
            n += 1
print(n)
"""


# Runs the CLI and, at exit, writes this process's CPU seconds and its reaped children's
# (the pool workers) to the file named by argv[1]: how much of a run stays serial.
RUSAGE_WRAPPER = """
import atexit, resource, sys
def _report(path=sys.argv[1]):
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, "w") as fh:
        fh.write(f"{me.ru_utime + me.ru_stime} {kids.ru_utime + kids.ru_stime}")
atexit.register(_report)
sys.argv = ["deepseek-migrate", *sys.argv[2:]]
from migrate.fastpath import main
main()
"""

BREAKDOWN = """
import ast, gc, json, statistics, sys, time
from pathlib import Path
import libcst
import libcst.metadata as md
from migrate.python.cstindex import Index, spans
from migrate.engine import Settings, process
from migrate.rulepack import load_rules
gc.set_threshold(100_000, 50, 100)  # as the CLI does
files = sorted(Path(sys.argv[1]).rglob("mod_*.py"))[: int(sys.argv[2])]
settings = Settings(rules=load_rules(), apply=True)
process(files[0], "python", settings)  # imports and caches out of the clock
rows = {}
def clock(name, fn):
    start = time.perf_counter()
    out = fn()
    rows.setdefault(name, []).append(time.perf_counter() - start)
    return out
PROVIDERS = (md.PositionProvider, md.ParentNodeProvider, md.ScopeProvider, md.QualifiedNameProvider)
for f in files:
    text = f.read_text()
    clock("ast.parse", lambda: ast.parse(text))
    tree = clock("libcst.parse_module", lambda: libcst.parse_module(text))
    clock("our index (parents, scopes, names)", lambda: Index(tree))
    clock("our spans, whole module", lambda: spans(tree))
    clock("libcst's four providers (before)", lambda: md.MetadataWrapper(tree, unsafe_skip_copy=True).resolve_many(PROVIDERS))
    clock("engine.process (everything, per file)", lambda: process(f, "python", settings))
print(json.dumps({k: round(statistics.mean(v) * 1000, 1) for k, v in rows.items()}))
"""


def breakdown(src: Path, files: int = 30) -> dict[str, float]:
    """Milliseconds per file of each step, in one process, on the first ``files`` modules."""
    proc = subprocess.run(
        [sys.executable, "-c", BREAKDOWN, str(src), str(files)], capture_output=True, text=True, env=ENV
    )
    if proc.returncode != 0:
        log(f"breakdown failed: {proc.stderr[-1000:]}")
        return {}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the four targets


def count_ours(tree: Path, cwd: Path) -> int:
    _sample, _, err = timed([*ours(), "check", str(tree)], cwd=cwd)
    match = re.search(r"(\d[\d,]*) files? scanned", err)
    if match is None:
        raise SystemExit(f"bench: cannot read the file count from: {err!r}")
    return int(match.group(1).replace(",", ""))


def count_grep(tree: Path) -> int:
    out = subprocess.run(["grep", "-rc", "", str(tree)], capture_output=True, check=False).stdout
    return out.count(b"\n")


def count_ruff(ruff: str, tree: Path, cwd: Path) -> int:
    out = subprocess.run(
        [ruff, "check", "--show-files", "--no-cache", str(tree)], capture_output=True, check=False, cwd=cwd
    ).stdout
    return sum(1 for line in out.splitlines() if line.strip())


def find_ruff() -> str | None:
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.exists() else shutil.which("ruff")


def scan(repeats: int, results: dict[str, object]) -> None:
    root = bench_dir() / "scan"
    manifest = build_scan_tree(root)
    tree = root / "tree"
    stdlib = tree / "stdlib"
    ruff = find_ruff()
    counts = {
        "grep": count_grep(tree),
        "ours": count_ours(tree, root),
        "ours_stdlib": count_ours(stdlib, root),
        "grep_stdlib": count_grep(stdlib),
    }
    if ruff:
        counts["ruff"] = count_ruff(ruff, tree, root)
    log(f"no-match tree: {manifest['files']} files, {manifest['bytes']} bytes; files seen: {counts}")
    if counts["ours"] != counts["grep"] or counts.get("ruff", counts["grep"]) != counts["grep"]:
        raise SystemExit(f"bench: the tools do not see the same files: {counts}")
    measures = [
        Measure("scan: deepseek-migrate check", [*ours(), "check", "-q", str(tree)]),
        Measure("scan: grep -rlE", ["grep", "-rlE", "deepseek-(chat|reasoner)", str(tree)], ok_rcs=(1,)),
        Measure("scan: deepseek-migrate check (stdlib only)", [*ours(), "check", "-q", str(stdlib)]),
        Measure("scan: deepseek-migrate check --jobs 1", [*ours(), "check", "-q", "--jobs", "1", str(tree)]),
    ]
    if ruff:
        measures.append(
            Measure(
                "scan: ruff check --select UP",
                [ruff, "check", "--select", "UP", "--no-cache", "--silent", str(tree)],
                ok_rcs=(0, 1),
            )
        )
    run_rounds(measures, repeats, root)
    results["scan"] = {"tree": manifest, "files_seen": counts, "measures": measures}


MATCH_SHARE = 0.01  # of the no-match tree's files that get a DeepSeek client call
MATCH_BLOCKS = [
    """

from openai import OpenAI as _DeepSeekOpenAI

_deepseek = _DeepSeekOpenAI(api_key=os.environ.get("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")


def ask_deepseek(prompt):
    response = _deepseek.chat.completions.create(
        model="{name}",
        messages=[{{"role": "user", "content": prompt}}],
    )
    return response.choices[0].message.content
""",
    """

DEEPSEEK_MODEL = "{name}"


def deepseek_payload(prompt):
    return {{"model": DEEPSEEK_MODEL, "messages": [{{"role": "user", "content": prompt}}], "stream": False}}
""",
    """

def deepseek_llm():
    from langchain_deepseek import ChatDeepSeek

    return ChatDeepSeek(model="{name}", temperature=0)
""",
]


def build_match_tree(root: Path, scan_root: Path) -> dict[str, object]:
    """The no-match tree with a realistic DeepSeek call appended to 1% of its files (every 100th,
    in sorted order): an SDK call, a raw request body or a LangChain model, naming a retired model."""
    manifest_path = root / "manifest.json"
    scan_manifest = build_scan_tree(scan_root)
    key = {"version": TREE_VERSION, "scan": scan_manifest["key"], "share": MATCH_SHARE}
    if manifest_path.is_file() and json.loads(manifest_path.read_text()).get("key") == key:
        return json.loads(manifest_path.read_text())
    log(f"building the 1% tree under {root} (once)")
    tree = root / "tree"
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(scan_root / "tree", tree)
    files = sorted(tree.rglob("*.py"))
    step = round(1 / MATCH_SHARE)
    rng = random.Random(18)
    changed = 0
    for path in files[::step]:
        block = rng.choice(MATCH_BLOCKS).format(name=rng.choice(["deepseek-chat", "deepseek-reasoner"]))
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        head = "" if text.startswith("import os\n") else "import os\n"  # the SDK block reads os.environ
        path.write_text(head + text + block, encoding="utf-8", errors="surrogateescape")
        changed += 1
    manifest = {"key": key, "files": len(files), "with_matches": changed}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def matches(repeats: int, results: dict[str, object]) -> None:
    """``check`` on the 1% tree, beside ``ruff check --select UP`` and grep on the same files."""
    root = bench_dir() / "matches"
    manifest = build_match_tree(root, bench_dir() / "scan")
    tree = root / "tree"
    measures = [
        Measure("1% tree: deepseek-migrate check", [*ours(), "check", "-q", str(tree)], ok_rcs=(1,)),
        Measure("1% tree: grep -rlE", ["grep", "-rlE", "deepseek-(chat|reasoner)", str(tree)]),
    ]
    ruff = find_ruff()
    if ruff:
        measures.append(
            Measure(
                "1% tree: ruff check --select UP",
                [ruff, "check", "--select", "UP", "--no-cache", "--silent", str(tree)],
                ok_rcs=(0, 1),
            )
        )
    run_rounds(measures, repeats, root)
    results["matches"] = {"tree": manifest, "measures": measures}


def precommit(repeats: int, results: dict[str, object]) -> None:
    root = bench_dir() / "precommit"
    root.mkdir(exist_ok=True)
    rng = random.Random(2)
    hit = generated_module(rng, 1)
    clean = re.sub(r"deepseek-(chat|reasoner)", "gpt-4o-mini", hit).replace(
        "from .config import", "from config import"
    )
    (root / "clean.py").write_text(clean)
    (root / "hit.py").write_text(hit.replace("from .config import", "from config import"))
    (root / "config.py").write_text(CONFIG)
    nlines = hit.count("\n")
    measures = [
        Measure("pre-commit: python -c pass", [sys.executable, "-c", "pass"]),
        Measure("pre-commit: check clean.py (no match)", [*ours(), "check", "clean.py"]),
        Measure("pre-commit: check hit.py (match)", [*ours(), "check", "hit.py"], ok_rcs=(1,)),
        Measure(
            "pre-commit: libcst.parse_module(hit.py)",
            [sys.executable, "-c", "import libcst; libcst.parse_module(open('hit.py').read())"],
        ),
    ]
    run_rounds(measures, repeats, root)
    results["precommit"] = {"lines": nlines, "measures": measures}


def parse_heavy(repeats: int, results: dict[str, object], files: int = PARSE_FILES) -> None:
    root = bench_dir() / "parse"
    root.mkdir(exist_ok=True)
    manifest = build_parse_tree(root, files)
    src = root / "src"

    def fresh(name: str):
        def prepare() -> None:
            dest = root / name
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(src, dest)

        return prepare

    split = {n: root / f"rusage{n}.txt" for n in (1, 2)}
    wrapped = [sys.executable, "-c", RUSAGE_WRAPPER]
    measures = [
        Measure("parse: libcst parse only (1 process)", [sys.executable, "-c", PARSE_ONLY, str(src)]),
        Measure(
            "parse: fix --jobs 1",
            [*wrapped, str(split[1]), "fix", "-q", "--jobs", "1", "work1"],
            ok_rcs=(0, 1),
            prepare=fresh("work1"),
        ),
        Measure(
            "parse: fix --jobs 2",
            [*wrapped, str(split[2]), "fix", "-q", "--jobs", "2", "work2"],
            ok_rcs=(0, 1),
            prepare=fresh("work2"),
        ),
    ]
    # No warm-up round: a --jobs 1 run takes minutes, and copying the tree fills the page cache.
    run_rounds(measures, repeats, root, warmup=False)
    # The runs must have done the work (files rewritten), the same with 1 and 2 jobs.
    changed = subprocess.run(["diff", "-r", "-q", str(src), str(root / "work2")], capture_output=True).stdout
    same = subprocess.run(["diff", "-r", "-q", str(root / "work1"), str(root / "work2")], capture_output=True)
    cpu = {}
    for n, path in split.items():
        parent, workers = (float(x) for x in path.read_text().split())
        cpu[f"jobs{n}"] = {"main_process_s": round(parent, 2), "workers_s": round(workers, 2)}
    results["parse"] = {
        "tree": manifest,
        "cpu_split_last_run": cpu,
        "breakdown_ms_per_file": breakdown(src),
        "files_changed_by_fix": changed.count(b"\n"),
        "jobs1_equals_jobs2": same.returncode == 0,
        "measures": measures,
    }


SCALE_FINDINGS = (2500, 5000, 10000)
SCALE_FILES = (2000, 8000)
SCALE_HEAD = "from openai import OpenAI\n\nclient = OpenAI(base_url='https://api.deepseek.com')\n"
SCALE_CALL = "r{i} = client.chat.completions.create(model='deepseek-chat', messages=[])\n"
SCALE_MODULE = (
    SCALE_HEAD
    + "\n\ndef ask(text):\n"
    + "    return client.chat.completions.create(model='deepseek-chat', messages=[{'role': 'user', 'content': text}])\n"
    + "# filler, so the file is a few KB like a real module\n" * 60
)


def build_scale_tree(root: Path) -> None:
    for n in SCALE_FINDINGS:
        src = root / f"findings{n}" / "src"
        if not src.exists():
            src.mkdir(parents=True)
            (src / "many.py").write_text(SCALE_HEAD + "".join(SCALE_CALL.format(i=i) for i in range(n)))
    for n in SCALE_FILES:
        src = root / f"files{n}" / "src"
        if not src.exists():
            for i in range(n):
                folder = src / f"pkg{i // 100:03d}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"mod{i:05d}.py").write_text(SCALE_MODULE)


def scale(repeats: int, results: dict[str, object]) -> None:
    root = bench_dir() / "scale"
    build_scale_tree(root)

    def fresh(base: Path):
        def prepare() -> None:
            if (base / "work").exists():
                shutil.rmtree(base / "work")
            shutil.copytree(base / "src", base / "work")

        return prepare

    measures = [
        Measure(
            f"scale: fix --jobs 1, one file of {n} findings",
            [*ours(), "fix", "-q", "--jobs", "1", f"findings{n}/work"],
            ok_rcs=(0, 1),
            prepare=fresh(root / f"findings{n}"),
        )
        for n in SCALE_FINDINGS
    ] + [
        Measure(
            f"scale: fix --jobs 2, {n} changed files",
            [*ours(), "fix", "-q", "--jobs", "2", f"files{n}/work"],
            ok_rcs=(0, 1),
            prepare=fresh(root / f"files{n}"),
        )
        for n in SCALE_FILES
    ]
    run_rounds(measures, repeats, root, warmup=False)
    fixed = (root / f"findings{SCALE_FINDINGS[-1]}" / "work" / "many.py").read_text().count("thinking")
    results["scale"] = {"fixes_in_largest_file": fixed, "measures": measures}


# --------------------------------------------------------------------------- report


def report(results: dict[str, object], repeats: int) -> dict[str, object]:
    targets: list[dict[str, object]] = []
    measures: dict[str, Measure] = {}
    for part in results.values():
        assert isinstance(part, dict)
        for m in part["measures"]:
            measures[m.name] = m

    def target(name: str, value: float, limit: float, unit: str, better: str) -> None:
        met = value <= limit if better == "lower" else value >= limit
        targets.append({"target": name, "value": round(value, 3), "limit": limit, "unit": unit, "met": met})

    if "scan" in results:
        us = measures["scan: deepseek-migrate check"]
        grep = measures["scan: grep -rlE"]
        target("1. no-match scan / grep", us.median / grep.median, 2.0, "x", "lower")
        if "scan: ruff check --select UP" in measures:
            ruff = measures["scan: ruff check --select UP"]
            target("1. no-match scan / ruff", us.median / ruff.median, 1.0, "x", "lower")
        small = measures["scan: deepseek-migrate check (stdlib only)"]
        target("4. peak RSS, no-match scan (whole tree)", us.rss_mb, 200.0, "MB", "lower")
        target("4. peak RSS growth, stdlib only -> whole tree", us.rss_mb - small.rss_mb, 10.0, "MB", "lower")
    if "matches" in results and "1% tree: ruff check --select UP" in measures:
        us = measures["1% tree: deepseek-migrate check"]
        ruff = measures["1% tree: ruff check --select UP"]
        target("1. 1% tree: check / ruff", us.median / ruff.median, 2.0, "x", "lower")
    if "precommit" in results:
        clean = measures["pre-commit: check clean.py (no match)"]
        hit = measures["pre-commit: check hit.py (match)"]
        parse = measures["pre-commit: libcst.parse_module(hit.py)"]
        target("2. check one file, no match", clean.median * 1000, 50.0, "ms", "lower")
        target("2. check one file, match / bare libcst parse", hit.median / parse.median, 3.0, "x", "lower")
    if "scale" in results:
        low, high = SCALE_FINDINGS[0], SCALE_FINDINGS[-1]
        t_low = measures[f"scale: fix --jobs 1, one file of {low} findings"].median / low
        t_high = measures[f"scale: fix --jobs 1, one file of {high} findings"].median / high
        target(f"8. time per finding, {high} / {low} findings in a file", t_high / t_low, 1.5, "x", "lower")
        few, many = SCALE_FILES
        rss_few = measures[f"scale: fix --jobs 2, {few} changed files"].rss_mb
        rss_many = measures[f"scale: fix --jobs 2, {many} changed files"].rss_mb
        growth_kb = (rss_many - rss_few) * 1024 / (many - few)
        target(f"8. peak RSS growth per changed file, {few} -> {many}", growth_kb, 3.0, "KB", "lower")
    if "parse" in results:
        j1 = measures["parse: fix --jobs 1"]
        j2 = measures["parse: fix --jobs 2"]
        only = measures["parse: libcst parse only (1 process)"]
        target("3. fix throughput --jobs 2 / --jobs 1", j1.median / j2.median, 1.7, "x", "higher")
        target("3. fix --jobs 1 / libcst parse only", j1.median / only.median, 1.5, "x", "lower")

    lines = [
        f"deepseek-migrate benchmark: median of {repeats} runs, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    ]
    for part_name, part in results.items():
        assert isinstance(part, dict)
        if part_name == "scan":
            t = part["tree"]
            lines.append(
                f"no-match tree: {sum(t['files'].values())} .py files ({sum(t['bytes'].values()) / 1e6:.0f} MB; "
                f"stdlib {t['files']['stdlib']}), files seen: {part['files_seen']}"
            )
        elif part_name == "parse":
            t = part["tree"]
            lines.append(
                f"parse-heavy tree: {t['files']} files, {t['lines']} lines; files rewritten by fix: "
                f"{part['files_changed_by_fix']}; jobs 1 and jobs 2 trees identical after fix: {part['jobs1_equals_jobs2']}"
            )
            j2 = part["cpu_split_last_run"]["jobs2"]
            serial, work = j2["main_process_s"], j2["workers_s"]
            lines.append(
                f"fix --jobs 2 CPU split (last run): main process {serial:.1f}s, workers {work:.1f}s; "
                f"if the main process's part is serial (Amdahl), 2 free cores give at most "
                f"{(serial + work) / (serial + work / 2):.2f}x"
            )
        elif part_name == "matches":
            t = part["tree"]
            lines.append(f"1% tree: {t['files']} .py files, {t['with_matches']} with a DeepSeek call")
        elif part_name == "precommit":
            lines.append(f"pre-commit file: {part['lines']} lines")
        elif part_name == "scale":
            lines.append(f"scale: fixes applied in the largest file: {part['fixes_in_largest_file']}")
    if results.get("parse", {}).get("breakdown_ms_per_file"):
        lines.append("")
        lines.append("parse-heavy, where one file's time goes (ms per file, mean of 30 files, one process):")
        for step, ms in results["parse"]["breakdown_ms_per_file"].items():
            lines.append(f"  {step:<48} {ms:>8.1f} ms")
    lines.append("")
    width = max(len(m) for m in measures) + 2
    lines.append(f"{'command':<{width}} {'median':>9} {'min':>9} {'max':>9} {'CPU':>9} {'peak RSS':>9}")
    for m in measures.values():
        walls = [s.wall for s in m.samples]
        lines.append(
            f"{m.name:<{width}} {m.median:>8.3f}s {min(walls):>8.3f}s {max(walls):>8.3f}s {m.cpu:>8.3f}s"
            f" {m.rss_mb:>7.1f}MB"
        )
    lines.append("")
    twidth = max(len(t["target"]) for t in targets) + 2 if targets else 10
    lines.append(f"{'target':<{twidth}} {'value':>9} {'limit':>9}  met")
    for t in targets:
        lines.append(
            f"{t['target']:<{twidth}} {t['value']:>8.3f}{t['unit'][:2]:<1} {t['limit']:>8.3g}{t['unit'][:2]:<1}  "
            + ("yes" if t["met"] else "NO")
        )
    table = "\n".join(lines)
    print(table)
    return {
        "table": table,
        "targets": targets,
        "measures": {
            name: {
                "argv": m.argv,
                "median_s": m.median,
                "samples_s": [s.wall for s in m.samples],
                "cpu_s": [s.cpu for s in m.samples],
                "peak_rss_kb": [s.rss_kb for s in m.samples],
            }
            for name, m in measures.items()
        },
        "details": {
            k: {kk: vv for kk, vv in v.items() if kk != "measures"}
            for k, v in results.items()
            if isinstance(v, dict)
        },
        "repeats": repeats,
        "machine": {"cpus": os.cpu_count(), "python": sys.version, "platform": platform.platform()},
    }


ENV = env()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 5")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument(
        "--parse-repeats",
        type=int,
        default=None,
        help="repeats of the parse-heavy part (default 2, --quick 1)",
    )
    parser.add_argument(
        "--parse-files", type=int, default=PARSE_FILES, help="size of the parse-heavy tree (default 2000)"
    )
    parser.add_argument(
        "--json", type=Path, default=REPO / "bench" / "result.json", help="where to write the result"
    )
    parser.add_argument(
        "--only",
        default="scan,matches,precommit,parse",
        help="comma-separated: scan, matches, precommit, parse, scale",
    )
    args = parser.parse_args()
    # Installed packages run from bytecode; so does the checkout measured here, even where
    # PYTHONDONTWRITEBYTECODE is set (it stops writing .pyc files, not reading fresh ones).
    compileall.compile_dir(REPO / "migrate", quiet=1)
    repeats = args.repeats or (3 if args.quick else 5)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    results: dict[str, object] = {}
    for part in parts:
        log(f"[{part}]")
        if part == "parse":  # one --jobs 1 run of the 2,000 files takes several minutes here
            parse_heavy(args.parse_repeats or (1 if args.quick else 2), results, args.parse_files)
        else:
            {"scan": scan, "matches": matches, "precommit": precommit, "scale": scale}[part](repeats, results)
    out = report(results, repeats)
    out["command"] = " ".join(["python", "bench/bench.py", *sys.argv[1:]])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=1) + "\n")
    log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
