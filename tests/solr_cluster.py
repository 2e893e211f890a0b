"""A real SolrCloud for the tests: Solr's MiniSolrCloudCluster, started from tests/solr/.

The launcher (tests/solr/src/.../SolrCloudLauncher.java) runs N Solr nodes and an embedded
ZooKeeper in one JVM on 127.0.0.1 and speaks one JSON line per event on stdout. This module builds
it with Maven when needed, starts it, and stops it; conftest.py turns it into the session fixture
``solr_cluster``. Set SEARCH_ENGINE_SOLR_TESTS=require to fail rather than skip when Java or
Maven is missing, or =skip to skip the Solr tests outright.
"""

import io
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

SOLR_DIR = Path(__file__).resolve().parent / "solr"
CONFIGSETS = SOLR_DIR / "configsets"
TARGET = SOLR_DIR / "target"
CLASSPATH_FILE = TARGET / "classpath.txt"
CLASSES = TARGET / "classes"
LAUNCHER_CLASS = "searchengine.solr.SolrCloudLauncher"
LOG_FILE = TARGET / "cluster.log"

# Measured over tests/test_solr_cluster.py: C1 alone (TieredStopAtLevel=1) nearly halves the CPU
# time the cluster burns (7.5 s against 13 s), which counts on a two-core machine, and with the
# serial collector the JVM peaks near 220 MB resident (320 MB with the JVM's defaults).
JVM_OPTIONS = ["-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
MVN_TIMEOUT = 1200
READY_TIMEOUT = 180
COMMAND_TIMEOUT = 120

# What Maven prints when it cannot reach a repository (as opposed to a broken build).
_NETWORK_FAILURE = re.compile(
    r"Could not transfer|Could not resolve|UnknownHostException|Connection refused|Connect timed out"
    r"|Network is unreachable|Temporary failure in name resolution|No route to host"
    r"|offline mode and the artifact"
)

# The nodes listen on loopback: never send their requests to a proxy the environment names.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SolrUnavailable(Exception):
    """Java or Maven is missing, or Maven cannot fetch Solr: the Solr tests cannot run here."""


def policy() -> str:
    """How the Solr tests treat a missing Java or Maven: 'auto' (skip), 'require' (fail) or 'skip'."""
    value = os.environ.get("SEARCH_ENGINE_SOLR_TESTS", "auto").strip().lower() or "auto"
    if value not in ("auto", "require", "skip"):
        raise ValueError(f"SEARCH_ENGINE_SOLR_TESTS must be auto, require or skip, not {value!r}")
    return value


def _launcher_is_current() -> bool:
    if not (CLASSPATH_FILE.exists() and (CLASSES / (LAUNCHER_CLASS.replace(".", "/") + ".class")).exists()):
        return False
    built = CLASSPATH_FILE.stat().st_mtime
    sources = [SOLR_DIR / "pom.xml", *(p for p in (SOLR_DIR / "src").rglob("*") if p.is_file())]
    if any(p.stat().st_mtime > built for p in sources):
        return False
    # A cleaned ~/.m2 leaves a classpath that names missing jars.
    return all(Path(jar).exists() for jar in CLASSPATH_FILE.read_text().strip().split(os.pathsep))


def build_launcher() -> None:
    """Compile the launcher and resolve its classpath with Maven, unless that is already done."""
    if not shutil.which("java"):
        raise SolrUnavailable("java is not on PATH (the Solr tests need a JDK 17)")
    if _launcher_is_current():
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise SolrUnavailable("mvn is not on PATH (needed once to build tests/solr)")
    command = [mvn, "-q", "-B", "-f", str(SOLR_DIR / "pom.xml"), "package"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=MVN_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise SolrUnavailable(f"mvn package did not finish in {MVN_TIMEOUT} s (network too slow?)") from exc
    if done.returncode != 0:
        output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # Maven's colour resets
        TARGET.mkdir(exist_ok=True)
        (TARGET / "build.log").write_text(output)
        errors = [line for line in output.splitlines() if line.startswith("[ERROR] ") and line[8:].strip()]
        cause = errors[0] if errors else output.strip()[-2000:]
        if _NETWORK_FAILURE.search(output):
            raise SolrUnavailable(f"mvn could not fetch Solr's jars (no network to Maven Central?): {cause}")
        raise RuntimeError(f"building tests/solr failed ({' '.join(command)}; see {TARGET / 'build.log'}): {cause}")


def launcher_command(nodes: int) -> list[str]:
    classpath = os.pathsep.join([str(CLASSES), CLASSPATH_FILE.read_text().strip()])
    return ["java", *JVM_OPTIONS, "-cp", classpath, LAUNCHER_CLASS, "--nodes", str(nodes)]


class SolrCluster:
    """A running cluster: its ZooKeeper address, its nodes' base URLs, and node stop/start."""

    def __init__(self, process: subprocess.Popen, ready: dict, lines: "queue.Queue[str | None]"):
        self._process = process
        self._lines = lines
        self.zk_host: str = ready["zk_host"]
        self.zk_address: str = ready["zk_address"]
        self.node_urls: list[str] = ready["nodes"]
        self.start_seconds: float = ready["start_ms"] / 1000
        self.pid: int = process.pid

    def stop_node(self, index: int) -> None:
        """Stop node `index` and wait until ZooKeeper no longer lists it as live."""
        self._command(f"stop-node {index}")

    def start_node(self, index: int) -> None:
        """Start node `index` again on its old port and wait until it is live."""
        self._command(f"start-node {index}")

    def running(self) -> list[bool]:
        return self._command("status")["running"]

    def _command(self, line: str) -> dict:
        if self._process.poll() is not None:
            raise RuntimeError(f"the Solr launcher has exited ({self._process.returncode}); see {LOG_FILE}")
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()
        reply = _next_event(self._lines, COMMAND_TIMEOUT, line)
        if not reply.get("ok"):
            raise RuntimeError(f"{line}: {reply.get('error')}")
        return reply

    # HTTP to the nodes: JSON in, JSON out, loopback only.

    def get(self, path: str, params: dict | list | None = None, node: int = 0) -> dict:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        return self._send(urllib.request.Request(self._url(path, node) + ("?" + query if query else "")))

    def post(self, path: str, body: bytes | dict | list, params: dict | None = None, node: int = 0,
             content_type: str = "application/json", method: str = "POST") -> dict:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self._url(path, node) + ("?" + query if query else ""), data=data,
                                         headers={"Content-Type": content_type}, method=method)
        return self._send(request)

    def _url(self, path: str, node: int) -> str:
        return self.node_urls[node] + "/" + path.lstrip("/")

    @staticmethod
    def _send(request: urllib.request.Request) -> dict:
        try:
            with _HTTP.open(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise RuntimeError(f"{request.get_method()} {request.full_url}: {exc.code} {detail}") from exc


def _stop(process: subprocess.Popen) -> None:
    """'stop' on stdin, then SIGTERM, then SIGKILL: never leave a JVM behind."""
    if process.poll() is None:
        try:
            process.stdin.write("stop\n")
            process.stdin.flush()
        except OSError:
            pass
    try:
        process.stdin.close()
    except OSError:
        pass
    _wait_or(process, 60, process.terminate)
    _wait_or(process, 20, process.kill)
    process.wait()


def _wait_or(process: subprocess.Popen, seconds: float, then) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        then()


def _next_event(lines: "queue.Queue[str | None]", timeout: float, waiting_for: str) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeError(f"no answer from the Solr launcher to {waiting_for!r} in {timeout} s; "
                               f"see {LOG_FILE}") from None
        if line is None:
            raise RuntimeError(f"the Solr launcher exited while waiting for {waiting_for!r}:\n{_log_tail()}")
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)


def _log_tail(lines: int = 30) -> str:
    try:
        return "\n".join(LOG_FILE.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _pump(stream, lines: "queue.Queue[str | None]") -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@contextmanager
def solr_cluster(nodes: int = 2):
    """Build the launcher if needed, start a cluster of `nodes` Solr nodes, and stop it on exit.

    Raises SolrUnavailable when Java or Maven is missing or Maven cannot fetch Solr.
    """
    build_launcher()
    lines: queue.Queue[str | None] = queue.Queue()
    process = base_dir = None
    try:
        with open(LOG_FILE, "w") as log:
            process = subprocess.Popen(launcher_command(nodes), stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
        pump = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
        pump.start()
        ready = _next_event(lines, READY_TIMEOUT, "the cluster to start")
        if ready.get("event") != "ready":
            raise RuntimeError(f"the Solr cluster did not start: {ready.get('error')}\n{_log_tail()}")
        base_dir = Path(ready["base_dir"])
        yield SolrCluster(process, ready, lines)
    finally:
        if process is not None:
            _stop(process)
            pump.join(timeout=10)
            process.stdout.close()
        if base_dir is not None:
            # The launcher deletes its folder as it stops (also when our stdin closes because we
            # died); only a JVM that had to be killed leaves it behind.
            shutil.rmtree(base_dir, ignore_errors=True)


def upload_configset(cluster: SolrCluster, name: str, folder: Path | None = None) -> None:
    """Zip a configset folder (tests/solr/configsets/NAME by default) and upload it over HTTP."""
    folder = folder or CONFIGSETS / name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    cluster.post("admin/configs", buffer.getvalue(), params={"action": "UPLOAD", "name": name},
                 content_type="application/octet-stream")
