"""A throwaway redis-server, the workers and the archive host's nightly, as the tests start them.

The Redis server listens on a unix socket in the test's folder only (`--port
0`: no TCP at all), keeps nothing on disk, and says when it is ready.
Workers run in process groups of their own, so that killing one kills its
machine's whole stack: the RQ worker, its work horse and the crawl.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, WITHOUT_BROWSER_SITES

REDIS_SERVER = "/usr/bin/redis-server"


class RedisServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / "redis.sock"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder), "--loglevel", "notice"],
            stdout=subprocess.PIPE, text=True,
        )
        for line in self.process.stdout:  # the server says when it accepts connections
            if "ready to accept connections" in line.lower():
                break
        else:
            raise RuntimeError(f"redis-server exited {self.process.wait()} before it was ready")
        return self

    def kill(self) -> None:
        """Gone at once, as a crashed server or a restarted machine is: nothing kept."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process.stdout.close()
            self.process = None
            self.socket.unlink(missing_ok=True)

    stop = kill


def night_command(archive: Path, redis_url: str, origins: dict[str, str], log: Path, *extra: str) -> list[str]:
    """The archive host's `regional-news nightly`, spread over workers, for the demo newsroom."""
    return [
        sys.executable, "-m", "scraper.cli", "nightly", "--archive", str(archive), "--log", str(log),
        "--redis", redis_url, "-s", f"SITE_ORIGINS={json.dumps(origins)}", "-s", "POLITE=False",
        "-s", f"SITES_DIRS={WITHOUT_BROWSER_SITES}", *extra,
    ]


def run_night(archive: Path, redis_url: str, origins: dict[str, str], log: Path,
              *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(night_command(archive, redis_url, origins, log, *extra), cwd=PROJECT,
                          capture_output=True, text=True, timeout=600)


class Workers:
    """`regional-news worker` processes, each in its own process group; all stopped on leaving the `with`."""

    def __init__(self, redis_url: str, folder: Path):
        self.redis_url = redis_url
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1) -> "Workers":
        for _ in range(count):
            log = open(self.folder / f"worker-{len(self.processes) + 1}.log", "w")
            self.processes.append(subprocess.Popen(
                [sys.executable, "-m", "scraper.cli", "worker", "--redis", self.redis_url],
                cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            ))
            log.close()
        return self

    def kill_machine_of(self, horse: int) -> None:
        """A worker machine's power cut: SIGKILL the worker whose work horse is `horse`, the horse and its crawl.

        RQ's horse leads a process group of its own (with the crawl in it),
        apart from its worker's.
        """
        status = Path(f"/proc/{horse}/status").read_text()
        parent = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
        assert parent in {process.pid for process in self.processes}, "not one of our workers' horses"
        os.killpg(parent, signal.SIGKILL)
        os.killpg(os.getpgid(horse), signal.SIGKILL)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.folder.glob("worker-*.log")))
