"""Load: /api/chat at 1, 4, 16 and 32 concurrent clients against `hamdel serve`, on SQLite and
PostgreSQL; requests/s, p50/p99, errors, lost or duplicated writes, the server's peak memory;
also /health under uploads, a login flood and a Schemathesis fuzzing run (``--part``).

    .venv/bin/python -m benchmarks.load_bench [--seconds 60] [--clients 1,4,16,32] \
        [--db sqlite,postgres]

The server runs as a separate process exactly as a person starts it (the shipped models, the
inline job backend, the monitor off so it does not compete); every client is one person with a
bearer token, so each acknowledged message must appear exactly once among that person's posts.
Traffic goes to 127.0.0.1 only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks._report import merge_subsections, read_section, save_part, write_section

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("HAMDEL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
MESSAGES = [
    "long day at work, glad it's over",
    "I'm looking forward to the weekend.",
    "امروز خیلی خسته‌ام ولی خوبم",
    "my exam went better than I thought",
    "حوصله ندارم امروز",
    "had a fight with my sister and I feel bad about it",
]
PASSWORD = "load bench river morning"


def _call(url: str, method: str, path: str, body: Any = None, headers: Any = None) -> Any:
    """One request; ``(status, parsed JSON or None)``."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url + path, data=data, method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, None


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _serve(
    database_url: str, *, shipped_limits: bool = False, extra: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``hamdel serve`` on ``database_url``; every client is 127.0.0.1, so the sign-in limits
    are lifted unless ``shipped_limits``; ``extra``: more ``HAMDEL_*`` settings."""
    port = _port()
    env = {
        **os.environ,
        "HAMDEL_DATABASE_URL": database_url,
        "HAMDEL_MONITOR_MINUTES": "0",
        "HAMDEL_COOKIE_SECURE": "false",
        "HAMDEL_LOG_LEVEL": "WARNING",
    }
    if not shipped_limits:
        env |= {
            "HAMDEL_SIGN_UP_LIMIT_ADDRESS": "100000/hour",
            "HAMDEL_SIGN_IN_LIMIT_ADDRESS": "100000/minute",
            "HAMDEL_SIGN_IN_LIMIT_ACCOUNT": "100000/minute",
        }
    env |= extra or {}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "hamdel"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if _call(url, "GET", "/health")[0] in (200, 503):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("hamdel serve did not start")


def _person(url: str, email: str) -> dict[str, str]:
    _call(url, "POST", "/api/auth/signup", {"email": email, "password": PASSWORD})
    status, token = _call(url, "POST", "/api/auth/token", {"email": email, "password": PASSWORD})
    if status != 200:
        raise RuntimeError(f"no token for {email}: {status}")
    return {"Authorization": f"Bearer {token['access_token']}"}


def _run(url: str, clients: int, seconds: float, tag: str) -> dict[str, Any]:
    people = [_person(url, f"{tag}-{clients}-{i}@example.org") for i in range(clients)]
    latencies: list[float] = []
    errors: dict[str, int] = {}
    acked = [0] * clients
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        n = 0
        while time.monotonic() < stop:
            text = f"{MESSAGES[n % len(MESSAGES)]} #{i}-{n}"
            t0 = time.perf_counter()
            try:
                key = str(_call(url, "POST", "/api/chat", {"text": text}, people[i])[0])
            except OSError as exc:
                key = type(exc).__name__
            took = time.perf_counter() - t0
            with lock:
                if key == "200":
                    latencies.append(took)
                    acked[i] += 1
                else:
                    errors[key] = errors.get(key, 0) + 1
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    lost = duplicated = 0
    for i, headers in enumerate(people):
        texts: list[str] = []
        while True:  # every page of this person's posts
            page = _call(url, "GET", f"/api/posts?limit=500&offset={len(texts)}", None, headers)
            texts += [p["text"] for p in page[1] or []]
            if not page[1] or len(page[1]) < 500:
                break
        lost += max(0, acked[i] - len(set(texts)))
        duplicated += len(texts) - len(set(texts))
    latencies.sort()
    return {
        "clients": clients,
        "requests_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
        "ok": len(latencies),
        "errors": errors,
        "lost": lost,
        "duplicated": duplicated,
    }


def _multipart(field: str, name: str, data: bytes, ctype: str) -> tuple[bytes, str]:
    boundary = "hamdelbench"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _health_during(url: str, workers: list[threading.Thread]) -> list[float]:
    """Start ``workers``, ask /health every 0.1 s until they end; the sorted times (ms)."""
    for t in workers:
        t.start()
    times = []
    while any(t.is_alive() for t in workers):
        t0 = time.perf_counter()
        _call(url, "GET", "/health")
        times.append(1000 * (time.perf_counter() - t0))
        time.sleep(0.1)
    for t in workers:
        t.join()
    return sorted(times)


def health_under_uploads(seconds: float) -> dict[str, Any]:
    """/health latency while two clients upload 5-second voice notes and a long RR file
    without pause (SQLite): the event loop must stay free."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "note.wav"
        subprocess.run(
            ["espeak-ng", "-w", str(wav), "I had a long day and I feel tired but okay. " * 3],
            check=True,
        )
        rr = "\n".join(str(800 + (i * 37) % 120) for i in range(200_000)).encode()
        proc, url = _serve(f"sqlite:///{tmp}/health.db")
        try:
            headers = _person(url, f"health{int(time.time())}@example.org")
            stop = time.monotonic() + seconds
            done = [0]

            def uploader(kind: str) -> None:
                payload = wav.read_bytes() if kind == "voice" else rr
                name, ctype = (
                    ("note.wav", "audio/wav") if kind == "voice" else ("rr.txt", "text/plain")
                )
                body, content_type = _multipart("file", name, payload, ctype)
                while time.monotonic() < stop:
                    request = urllib.request.Request(
                        f"{url}/api/uploads/{kind}", data=body, method="POST",
                        headers={**headers, "Content-Type": content_type},
                    )  # fmt: skip
                    try:
                        with urllib.request.urlopen(request, timeout=120) as r:
                            r.read()
                    except (urllib.error.HTTPError, OSError):
                        pass
                    done[0] += 1

            times = _health_during(
                url, [threading.Thread(target=uploader, args=(k,)) for k in ("voice", "heart")]
            )
            return {
                "health_p50_ms": statistics.median(times),
                "health_p95_ms": times[int(0.95 * (len(times) - 1))],
                "uploads": done[0],
                "peak_rss_mb": _rss_kb(proc.pid) / 1024,
            }
        finally:
            proc.terminate()
            proc.wait(30)


def login_flood(threads: int = 40, each: int = 10) -> dict[str, Any]:
    """``threads`` clients send wrong passwords at once (shipped limits, SQLite): what they
    get, /health meanwhile, and the server's peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = _serve(f"sqlite:///{tmp}/flood.db", shipped_limits=True)
        try:
            _person(url, "victim@example.org")
            codes: dict[str, int] = {}
            lock = threading.Lock()

            def attacker(i: int) -> None:
                for n in range(each):
                    body = {"email": "victim@example.org" if n % 2 else f"x{i}-{n}@example.org",
                            "password": f"guess {i} {n}"}  # fmt: skip
                    code = str(_call(url, "POST", "/api/auth/login", body)[0])
                    with lock:
                        codes[code] = codes.get(code, 0) + 1

            times = _health_during(
                url, [threading.Thread(target=attacker, args=(i,)) for i in range(threads)]
            )
            return {
                "codes": codes,
                "health_p95_ms": times[int(0.95 * (len(times) - 1))] if times else None,
                "peak_rss_mb": _rss_kb(proc.pid) / 1024,
            }
        finally:
            proc.terminate()
            proc.wait(30)


def fuzz(examples: int = 25, max_seconds: int = 600) -> dict[str, Any]:
    """Schemathesis against the running server (SQLite, shipped limits lifted so the fuzzer is
    not only answered 429), signed in with a bearer token: every operation of the OpenAPI
    schema with up to ``examples`` generated inputs each; the server's peak memory (VmHWM) and
    every 5xx (check ``not_a_server_error``)."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = _serve(f"sqlite:///{tmp}/fuzz.db")
        try:
            headers = _person(url, "fuzz@example.org")
            report = Path(tmp) / "run.json"
            started = time.monotonic()
            done = subprocess.run(
                [
                    str(Path(sys.executable).parent / "schemathesis"), "run",
                    f"{url}/openapi.json",
                    "--checks", "not_a_server_error",
                    "--max-examples", str(examples),
                    "--max-time", str(max_seconds),
                    "--workers", "2",
                    "--request-timeout", "60",
                    "--suppress-health-check", "all",
                    # signing out (everywhere) would end the fuzzer's own token: the rest of
                    # the run would be 401s
                    "--exclude-path-regex", "^/api/auth/logout",
                    "--header", f"Authorization:{headers['Authorization']}",
                    "--report", "ndjson", "--report-ndjson-path", str(report),
                ],
                capture_output=True, text=True, timeout=max_seconds + 300,
            )  # fmt: skip
            elapsed = time.monotonic() - started
            cases, server_errors = _fuzz_counts(report)
            return {
                "examples_per_operation": examples,
                "cases": cases,
                "server_errors": server_errors,
                "exit_code": done.returncode,
                "summary": done.stdout.strip().splitlines()[-3:],
                "seconds": elapsed,
                "peak_rss_mb": _rss_kb(proc.pid) / 1024,
                "alive": proc.poll() is None,
            }
        finally:
            proc.terminate()
            proc.wait(30)


def _fuzz_counts(ndjson: Path) -> tuple[int, int]:
    """(requests sent, responses with a 5xx) from schemathesis's event stream."""
    cases = errors = 0
    if not ndjson.is_file():
        return 0, 0
    for line in ndjson.read_text(encoding="utf-8").splitlines():
        for status in _statuses(json.loads(line)):
            cases += 1
            errors += status >= 500
    return cases, errors


def _statuses(event: Any) -> list[int]:
    """Every HTTP response status in one event, wherever schemathesis nests it."""
    found: list[int] = []
    if isinstance(event, dict):
        response = event.get("response")
        if isinstance(response, dict) and isinstance(response.get("status_code"), int):
            found.append(response["status_code"])
        for key, value in event.items():
            if key != "response":
                found += _statuses(value)
    elif isinstance(event, list):
        for value in event:
            found += _statuses(value)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--clients", default="1,4,16,32")
    ap.add_argument("--db", default="sqlite,postgres")
    ap.add_argument("--part", choices=["chat", "health", "flood", "fuzz", "all"], default="all")
    ap.add_argument("--examples", type=int, default=25, help="fuzz: inputs per operation")
    args = ap.parse_args()
    if args.part in ("fuzz", "all"):
        result = fuzz(args.examples)
        print("fuzz", json.dumps(result), flush=True)
        text = (
            "### Fuzzing (Schemathesis, signed in)\n\n"
            f"Every operation of the OpenAPI schema, up to {result['examples_per_operation']} "
            f"generated inputs each, 2 workers (SQLite): {result['cases']} requests in "
            f"{result['seconds']:.0f} s, **{result['server_errors']} × 5xx**; server "
            f"{'still up' if result['alive'] else 'DIED'}, **peak {result['peak_rss_mb']:.0f} MB** "
            "(target 1 GB).\n"
        )
        write_section(
            "load", merge_subsections(read_section("load"), "## Load: /api/chat\n\n" + text)
        )
        if args.part == "fuzz":
            return
    if args.part in ("flood", "all"):
        flood = login_flood()
        print("flood", json.dumps(flood), flush=True)
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(flood["codes"].items()))
        text = (
            "### Login flood (shipped limits)\n\n40 clients send 10 wrong passwords each at once "
            f"(SQLite): answers {codes}; /health p95 {flood['health_p95_ms']:.0f} ms; server peak "
            f"{flood['peak_rss_mb']:.0f} MB (target 1 GB).\n"
        )
        write_section(
            "load", merge_subsections(read_section("load"), "## Load: /api/chat\n\n" + text)
        )
        if args.part == "flood":
            return
    if args.part in ("health", "all"):
        health = health_under_uploads(args.seconds)
        print("health", json.dumps(health), flush=True)
        lines = [
            "### /health while voice notes and RR files are uploaded",
            "",
            f"Two clients upload a 5-second voice note and a 200,000-line RR file without pause "
            f"for {args.seconds:g} s (SQLite) while /health is asked every 0.1 s: p50 "
            f"{health['health_p50_ms']:.0f} ms, **p95 {health['health_p95_ms']:.0f} ms** "
            f"(target 200 ms); {health['uploads']} uploads; server peak "
            f"{health['peak_rss_mb']:.0f} MB.",
            "",
        ]
        write_section(
            "load",
            merge_subsections(read_section("load"), "## Load: /api/chat\n\n" + "\n".join(lines)),
        )
        if args.part == "health":
            return
    results: dict[str, Any] = {}
    for db in args.db.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            url_db = f"sqlite:///{tmp}/load.db" if db == "sqlite" else POSTGRES
            try:
                proc, url = _serve(url_db)
            except RuntimeError as exc:
                print(f"{db}: {exc}")
                continue
            try:
                tag = f"{db}{int(time.time())}"
                rows = [_run(url, int(n), args.seconds, tag) for n in args.clients.split(",")]
                results[db] = {"rows": rows, "peak_rss_mb": _rss_kb(proc.pid) / 1024}
                print(db, json.dumps(results[db]), flush=True)
            finally:
                proc.terminate()
                proc.wait(30)
    save_part("load", {"seconds": args.seconds, **results})
    _report(args.seconds, results)


def _report(seconds: float, results: dict[str, Any]) -> None:
    lines = [
        "## Load: /api/chat",
        "",
        f"### Concurrent clients, {seconds:g} s each (`hamdel serve`, shipped models)",
        "",
        "| database | clients | requests/s | p50 ms | p99 ms | errors | lost | duplicated |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for db, res in results.items():
        for r in res["rows"]:
            errors = ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "0"
            lines.append(
                f"| {db} | {r['clients']} | {r['requests_s']:.1f} | {r['p50_ms'] or 0:.0f} | "
                f"{r['p99_ms'] or 0:.0f} | {errors} | {r['lost']} | {r['duplicated']} |"
            )
    lines.append("")
    peaks = ", ".join(f"{db} {res['peak_rss_mb']:.0f} MB" for db, res in results.items())
    lines += [f"Server peak memory (VmHWM): {peaks}.", ""]
    write_section("load", merge_subsections(read_section("load"), "\n".join(lines)))


if __name__ == "__main__":
    main()
