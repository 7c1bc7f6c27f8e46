"""Shipped models: they load offline, and a missing or damaged file is named with the way out."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from kg.cli import main
from kg.nlp.models import ModelError, verify, write_manifest
from kg.nlp.statistical import load_ner

REPO = Path(__file__).resolve().parents[1]
SHIPPED_NER = REPO / "data" / "models" / "ner"


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    """A small untrained NER pipeline saved with its manifest, standing in for a shipped model."""
    nlp = spacy.blank("zh")
    ner = nlp.add_pipe("ner")
    for label in ("PER", "ORG", "LOC"):
        ner.add_label(label)
    nlp.initialize()
    folder = tmp_path / "ner"
    nlp.to_disk(folder)
    write_manifest(folder)
    return folder


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails, as on a laptop with no network."""
    def refuse(*args, **kwargs):
        raise OSError("network access blocked by the test")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_model_with_its_manifest_loads(tiny_model):
    verify(tiny_model)
    assert load_ner(str(tiny_model)).pipe_names == ["ner"]


def test_a_truncated_model_file_is_named(tiny_model):
    weights = tiny_model / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:100])
    with pytest.raises(ModelError, match=r"ner/model.*truncated.*make models"):
        verify(tiny_model)


def test_a_missing_model_file_is_named(tiny_model):
    (tiny_model / "ner" / "model").unlink()
    with pytest.raises(ModelError, match=r"ner/model: missing.*make models"):
        verify(tiny_model)


def test_a_model_folder_without_manifest_is_refused(tiny_model):
    (tiny_model / "MANIFEST.json").unlink()
    with pytest.raises(ModelError, match="MANIFEST.json: missing"):
        verify(tiny_model)


def test_the_cli_reports_a_broken_model_in_one_line(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("models"))
    (data / "models" / "ner").mkdir(parents=True)
    monkeypatch.setenv("KG_DATA", str(data))
    from kg.nlp import pipeline, statistical
    pipeline.build_nlp.cache_clear()
    statistical.load_ner.cache_clear()
    try:
        result = CliRunner().invoke(main, ["extract", str(REPO / "data" / "corpus" / "003_70c7d5442b17734e.txt")])
    finally:
        pipeline.build_nlp.cache_clear()
        statistical.load_ner.cache_clear()
    assert result.exit_code == 1
    assert "MANIFEST.json: missing" in result.output and "make models" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not SHIPPED_NER.exists(), reason="no shipped NER model")
def test_the_shipped_models_load_and_work_offline(no_network):
    from kg.nlp import pipeline, statistical
    pipeline.build_nlp.cache_clear()
    statistical.load_ner.cache_clear()
    nlp = pipeline.build_nlp(use_models=True)
    assert "kg_statistical_ner" in nlp.pipe_names
    ner = statistical.load_ner("ner")
    text = "国务院总理会见了来访的法国外长，湖南省总工会主席张建国陪同。"
    found = {(text[s:e], label) for s, e, label in next(statistical.predict_spans(ner, [text]))}
    assert ("张建国", "PER") in found
