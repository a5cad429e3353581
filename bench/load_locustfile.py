"""The mixed workload bench/load.py drives with locust (not run on its own).

Readers (every client but one) ask, without pause, for a mix of pages and API
reads; one editor saves a point through the API every WRITE_EVERY seconds.
Which essay, point, topic or query a reader asks for follows a Zipf law
(weight 1/rank), as a site's traffic does: a few pages are popular, most are
rare. The plan (URLs, the editor's token) is a JSON file bench/load.py writes,
named by $LOAD_PLAN.
"""

import itertools
import json
import os
import random
from pathlib import Path
from urllib.parse import quote

from locust import FastHttpUser, constant, constant_pacing, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))


class Popular:
    """Values drawn by Zipf's law over their order in the plan (1/rank)."""

    def __init__(self, values: list) -> None:
        self.values = values
        self.weights = list(
            itertools.accumulate(1 / rank for rank in range(1, len(values) + 1))
        )

    def pick(self):
        return random.choices(self.values, cum_weights=self.weights)[0]


ESSAYS = Popular(PLAN["essays"])
POINTS = Popular(PLAN["points"])
TOPICS = Popular(PLAN["topics"])
QUERIES = Popular(PLAN["queries"])


class Reader(FastHttpUser):
    """A reader or another system reading, one request after another."""

    wait_time = constant(0)
    # Page bodies are not needed: only the status decides success.
    network_timeout = 30.0
    connection_timeout = 30.0

    def get(self, path: str, name: str) -> None:
        self.client.get(path, name=name)

    @task(10)
    def home(self) -> None:
        self.get("/", "home")

    @task(10)
    def topic(self) -> None:
        self.get(f"/topics/{TOPICS.pick()}/", "topic")

    @task(20)
    def essay(self) -> None:
        self.get(f"/essays/{ESSAYS.pick()}/", "essay")

    @task(20)
    def point(self) -> None:
        self.get(f"/points/{POINTS.pick()}/", "point")

    @task(10)
    def search(self) -> None:
        self.get(f"/search/?q={quote(QUERIES.pick())}", "search")

    @task(5)
    def api_essays(self) -> None:
        self.get("/api/v1/essays", "api essays")

    @task(10)
    def api_points(self) -> None:
        self.get(f"/api/v1/points?topic={TOPICS.pick()}", "api points")

    @task(5)
    def api_search(self) -> None:
        self.get(f"/api/v1/search?q={quote(QUERIES.pick())}", "api search")


class Editor(FastHttpUser):
    """One editor changing a point's title through the API now and then."""

    fixed_count = 1
    wait_time = constant_pacing(PLAN["write_every"])

    def on_start(self) -> None:
        self.targets = itertools.cycle(PLAN["writes"])
        self.headers = {
            "Authorization": f"Bearer {PLAN['token']}",
            "Content-Type": "application/json",
        }

    @task
    def change_point(self) -> None:
        point = next(self.targets)
        # Alternately mark and unmark the title: every write is a real change.
        point["marked"] = not point.get("marked")
        title = point["title"] + ("(修订)" if point["marked"] else "")
        self.client.patch(
            f"/api/v1/points/{point['id']}",
            data=json.dumps({"title": title}),
            headers=self.headers,
            name="api write",
        )
