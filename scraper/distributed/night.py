"""The archive host's night: publish what the crawls must know, queue one job per site, write what comes back.

    regional-news nightly --redis redis://HOST:6379/0 --archive /srv/news/archive.db

runs here, under the same archive lock as a night on one machine; workers on
any machine (`regional-news worker`) take the sites' jobs. Until every site
is crawled (or has failed NIGHT_ATTEMPTS times), this process writes the
items the crawls send, one at a time, and answers their questions about
archived pages. A worker that dies has its site tried again on another; a
killed writer is started again with the same command and carries on with the
night under way. When the night is over, the sites' reports become one
`crawl_runs` row, judged as a crawl of all of them on one machine would be.
If the queue server loses the night (restarted without persistence), the
night ends at once as failed, saying so; the next night fetches again
whatever was lost with it.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from rq import Queue
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from scraper import nightly
from scraper.archive import open_archive
from scraper.archive.runs import finish_run, start_run
from scraper.archive.writer import ArchiveWriter
from scraper.distributed.jobs import crawl_site
from scraper.distributed.keys import QUEUE, NightKeys, archive_key, connect
from scraper.distributed.known import Answers, publish
from scraper.distributed.queue import ItemQueue, NightGone
from scraper.distributed.report import merge
from scraper.distributed.writer import NightWriter

DONE, FAILED = "done", "failed"
ENDED = (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
# A site's progress is noted only in a night the server still holds (see Night._note).
_SET_IF_NIGHT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSET', KEYS[1], unpack(ARGV))
"""


@dataclass
class NightOrder:
    """What the nightly command was asked: the archive, the queue server, the crawl's -a and -s."""

    archive: Path
    redis_url: str
    arguments: dict[str, str]
    settings: list[str]  # "NAME=VALUE", passed on to every site's crawl

    def crawl_settings(self) -> Settings:
        settings = Settings()
        settings.setmodule("scraper.settings", priority="project")
        for setting in self.settings:
            name, _, value = setting.partition("=")
            settings.set(name, value, priority="cmdline")
        return settings


class Night:
    def __init__(self, order: NightOrder, log: logging.Logger):
        self.order = order
        self.log = log
        settings = order.crawl_settings()
        self.attempts = settings.getint("NIGHT_ATTEMPTS")
        self.lease = settings.getfloat("NIGHT_LEASE")
        self.time_limit = settings.getfloat("NIGHT_CRAWL_TIME_LIMIT")
        self.settings = settings
        self.client = connect(order.redis_url)
        self.db = open_archive(order.archive)
        self.items_written = 0

    # --- beginning (or carrying on with) the night ------------------------------------
    def run(self) -> nightly.Outcome:
        try:
            try:
                under_way = self.client.get(archive_key(self.order.archive))
            except redis.RedisError as error:
                return nightly.Outcome("failed", None, f"the queue server {self.order.redis_url} cannot be reached:"
                                       f" {error}; nothing was done", nightly.EXIT_FAILED)
            if under_way is None:
                begun = self._begin()
                if isinstance(begun, nightly.Outcome):
                    return begun
                keys = begun
            else:
                keys = NightKeys(under_way.decode())
                self.log.info("carrying on with night %s, under way", keys.night)
            return self._write_until_done(keys)
        finally:
            self.db.close()
            self.client.close()

    def _begin(self) -> NightKeys | nightly.Outcome:
        from scraper.spiders.regional_news import RegionalNewsSpider

        try:
            sites, _window = RegionalNewsSpider.check_arguments(self.settings, self.order.arguments)
        except UsageError as error:
            return nightly.Outcome("refused", None, f"the night refused to start: {error}", nightly.EXIT_REFUSED)
        names = sorted(sites)
        ArchiveWriter(self.db).save_sites(list(sites.values()))
        run_id = start_run(self.db, self.order.arguments, names, {name: site.origin for name, site in sites.items()})
        keys = NightKeys(f"{run_id}-{secrets.token_hex(4)}")
        NightWriter(self.db, run_id).forget_earlier_nights()
        publish(self.client, keys, self.db, names)
        self.client.hset(keys.night_key, mapping={
            "run_id": run_id, "archive": str(self.order.archive), "sites": json.dumps(names),
            **{f"attempt:{site}": 1 for site in names},
        })
        self.client.set(archive_key(self.order.archive), keys.night)
        for site in names:
            self._enqueue(keys, site, 1)
        self.log.info("night %s: %d sites queued for the workers: %s", keys.night, len(names), ", ".join(names))
        return keys

    def _enqueue(self, keys: NightKeys, site: str, attempt: int) -> None:
        Queue(QUEUE, connection=self.client).enqueue_call(
            crawl_site,
            kwargs={
                "night": keys.night, "site": site, "attempt": attempt, "redis_url": self.order.redis_url,
                "arguments": [f"{name}={value}" for name, value in self.order.arguments.items() if name != "site"],
                "settings": self.order.settings, "lease_seconds": self.lease, "time_limit": self.time_limit,
            },
            timeout=int(self.time_limit) + 120,
            result_ttl=7 * 86400,
            failure_ttl=7 * 86400,
            job_id=f"{keys.night}-{site}-{attempt}",
            description=f"night {keys.night}: crawl {site}, attempt {attempt}",
        )

    # --- the night's writing ----------------------------------------------------------
    def _write_until_done(self, keys: NightKeys) -> nightly.Outcome:
        run_id = int(keys.night.split("-")[0])
        writer = NightWriter(self.db, run_id)
        queue = ItemQueue(self.client, keys)
        answers = Answers(self.order.redis_url, keys, str(self.order.archive)).start()
        try:
            if not self.client.exists(keys.night_key):
                raise NightGone(f"the queue server has no night {keys.night}")
            sites = json.loads(self.client.hget(keys.night_key, "sites"))
            for raw in queue.left_over():  # a killed writer's: written again, or skipped if they were
                self._write(writer, queue, raw)
            watched = 0.0
            while True:
                raw = queue.take(timeout=1)
                if raw is not None:
                    self._write(writer, queue, raw)
                    if time.monotonic() - watched < 1:
                        continue
                elif not self.client.exists(keys.night_key):
                    raise NightGone(f"the queue server has no night {keys.night}")
                settled = self._watch(keys, sites)
                watched = time.monotonic()
                if settled and queue.waiting() == 0:
                    break
        except (NightGone, redis.RedisError) as error:
            return self._lost(keys, writer, error)
        finally:
            answers.stop()
        return self._end(keys, writer, sites)

    def _write(self, writer: NightWriter, queue: ItemQueue, raw: bytes) -> None:
        item_id, item = ItemQueue.read(raw)
        if writer.apply(item_id, item):
            self.items_written += 1
        queue.done(raw)

    def _watch(self, keys: NightKeys, sites: list[str]) -> bool:
        """Look at each site's job: finished, failed (try again), or its worker gone. True once all are over."""
        state = {k.decode(): v.decode() for k, v in self.client.hgetall(keys.night_key).items()}
        if not state:  # the server lost the night: queue nothing on a server that knows nothing of it
            raise NightGone(f"the queue server has no night {keys.night}")
        settled = True
        for site in sites:
            if state.get(f"state:{site}") in (DONE, FAILED):
                continue
            attempt = int(state[f"attempt:{site}"])
            try:
                job = Job.fetch(f"{keys.night}-{site}-{attempt}", connection=self.client)
                status = job.get_status()
            except (NoSuchJobError, InvalidJobOperation):  # gone, or gone between two looks (a restarted server)
                job, status = None, None
            if status == JobStatus.FINISHED:
                self._note(keys, {f"state:{site}": DONE})
                self.log.info("site %s crawled (attempt %d)", site, attempt)
                continue
            if status is None or status in ENDED:
                self._again(keys, site, attempt, _why(job))
            elif status == JobStatus.STARTED and self._abandoned(keys, site, attempt):
                self._again(keys, site, attempt, f"its worker stopped answering for {self.lease:g} s")
            settled = settled and self.client.hget(keys.night_key, f"state:{site}") in (DONE.encode(), FAILED.encode())
        return settled

    def _note(self, keys: NightKeys, fields: dict) -> None:
        """Note a site's progress in the night's record, only while the server still holds the night:
        a server that restarted and lost it between two looks must not get half a night back."""
        args = [str(value) for pair in fields.items() for value in pair]
        if self.client.eval(_SET_IF_NIGHT, 1, keys.night_key, *args) == -1:
            raise NightGone(f"the queue server has no night {keys.night}")

    def _abandoned(self, keys: NightKeys, site: str, attempt: int) -> bool:
        entered = self.client.get(keys.entered(site))
        started_here = entered is not None and entered.split()[0] == str(attempt).encode()
        return started_here and not self.client.exists(keys.lease(site))

    def _again(self, keys: NightKeys, site: str, attempt: int, reason: str) -> None:
        if attempt < self.attempts:
            self.log.warning("site %s: attempt %d failed (%s); trying again", site, attempt, reason)
            self._note(keys, {f"attempt:{site}": attempt + 1})
            self._enqueue(keys, site, attempt + 1)
        else:
            self.log.error("site %s: all %d attempts failed, the last: %s", site, attempt, reason)
            self._note(keys, {f"state:{site}": FAILED, f"failure:{site}": reason})

    # --- the night's end ----------------------------------------------------------------
    def _end(self, keys: NightKeys, writer: NightWriter, sites: list[str]) -> nightly.Outcome:
        state = {k.decode(): v.decode() for k, v in self.client.hgetall(keys.night_key).items()}
        failed = {site: state[f"failure:{site}"] for site in sites if state.get(f"state:{site}") == FAILED}
        record = merge(sites, writer.reports(), writer.counts(), failed)
        for site in record.silent:
            self.log.error("site %s never answered: nothing of it was archived this night", site)
        finish_run(self.db, writer.run_id, record.counts, record.status, record.alarms, record.clocks,
                   record.problems)
        self.client.delete(*keys.all_of(sites))
        self.client.delete(archive_key(self.order.archive))
        self.log.info("night %s over: %d items written", keys.night, self.items_written)
        return nightly.judge(self.order.archive, writer.run_id - 1, 0)

    def _lost(self, keys: NightKeys, writer: NightWriter, error: Exception) -> nightly.Outcome:
        words = (f"the queue server lost night {keys.night} ({error}); the night failed: what its crawls sent"
                 " and was not yet written is not in the archive, and the next night fetches it again")
        self.log.error(words)
        finish_run(self.db, writer.run_id, writer.counts(), "failed", [], {}, {"queue server lost": 1})
        try:
            self.client.delete(archive_key(self.order.archive))
        except redis.RedisError:
            pass  # the next night begins anew whether or not this key is left
        return nightly.Outcome("failed", writer.run_id, f"run {writer.run_id}: failed; {words}", nightly.EXIT_FAILED)


def _why(job: Job | None) -> str:
    if job is None:
        return "its job is gone from the queue server"
    try:
        result = job.latest_result()
        if result is not None and result.exc_string:
            return result.exc_string.strip().splitlines()[-1]
        return f"its job ended {job.get_status()}"
    except InvalidJobOperation:
        return "its job is gone from the queue server"


def run_night(order: NightOrder, log_file: Path, log_bytes: int = nightly.LOG_BYTES) -> nightly.Outcome:
    """The night, under the archive's lock (one night of an archive at a time, on any host)."""
    lock = nightly.ArchiveLock(order.archive)
    if not lock.acquire():
        return nightly.Outcome(
            "locked", None,
            f"another refresh of {order.archive} is running (pid and start: {lock.holder()}); this one exits",
            nightly.EXIT_LOCKED,
        )
    log = nightly._logger(log_file, log_bytes)
    try:
        log.info("=== night spread over workers started %s, queue server %s", time.strftime("%Y-%m-%d %H:%M:%S"),
                 order.redis_url)
        outcome = Night(order, log).run()
        log.info("=== %s", outcome.summary)
        return outcome
    finally:
        lock.release()
