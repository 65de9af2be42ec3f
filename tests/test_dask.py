"""The Dask engine on a local cluster of two worker processes gives the serial tables."""

from __future__ import annotations

import pytest

from framing.scoring.pipeline import score
from tests.test_parallel import assert_same, synthetic_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cl:
        yield cl


def test_dask_two_workers_identical_to_serial(seeds_corpus, cluster, tmp_path) -> None:
    corpus = synthetic_corpus(seeds_corpus, n_docs=16, seed=11)
    serial = score(corpus)
    with distributed.Client(cluster) as client:
        scored = score(corpus, engine="dask", scheduler=client, chunk_size=40)
        assert scored.run["engine"] == "dask" and scored.run["chunks"] > 2
        assert_same(scored, serial)
        # tasks ran on both workers' processes, not in this one
        assert len(client.scheduler_info()["workers"]) == 2
    # by address, with the cache in this process
    by_address = score(
        corpus, engine="dask", scheduler=cluster.scheduler_address, chunk_size=40, cache=tmp_path
    )
    assert_same(by_address, serial)
    warm = score(
        corpus, engine="dask", scheduler=cluster.scheduler_address, chunk_size=40, cache=tmp_path
    )
    assert set(warm.run["cache_misses"].values()) == {0}
    assert_same(warm, serial)


def test_importing_framing_does_not_import_dask() -> None:
    import subprocess
    import sys

    code = (
        "import sys, framing, framing.scoring.pipeline, framing.scoring.engines; "
        "print('dask' in sys.modules or 'distributed' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dask_scores_with_a_retrained_sentiment_model(cluster, tmp_path) -> None:
    from framing.sentiment_train import train_sentiment
    from tests.test_sentiment_train import small_corpus, write_sheets

    model = train_sentiment(write_sheets(tmp_path), tmp_path / "m.marshal.3").model
    corpus = small_corpus()
    serial = score(corpus, sentiment_model=model)
    with distributed.Client(cluster) as client:
        scored = score(corpus, engine="dask", scheduler=client, chunk_size=3, sentiment_model=model)
    assert scored.run["chunks"] > 1
    assert scored.sentences["sentiment"].tolist() == serial.sentences["sentiment"].tolist()
    assert scored.sentences["sentiment"].tolist() != score(corpus).sentences["sentiment"].tolist()
