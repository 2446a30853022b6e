"""Reading a /metrics answer in tests: each sample by its name and labels."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

# (metric sample name, labels) -> value
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples_of(response: httpx.Response) -> Samples:
    """The samples of a scrape that was let in, in Prometheus' text format."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)
