"""The spaCy pipeline is built from kg/pipeline.cfg with registered components, and runs without pkuseg."""

from __future__ import annotations

from kg.model import Article
from kg.nlp.chars import CharTokenizer
from kg.nlp.pipeline import CONFIG_PATH, build_nlp, pkuseg_model, recognise


def test_pipeline_comes_from_the_config_with_registered_components():
    nlp = build_nlp(CONFIG_PATH)
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["kg_words", "kg_regions", "kg_organisations", "kg_honours", "kg_persons",
                              "kg_statistical_ner", "kg_entities"]
    rules_only = build_nlp(CONFIG_PATH, use_models=False).pipe_names
    assert "kg_statistical_ner" not in rules_only and "kg_words" not in rules_only


def test_without_a_pkuseg_model_segmentation_falls_back_to_characters(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_PKUSEG_MODEL", str(tmp_path / "no-such-model"))
    assert pkuseg_model() is None
    nlp = build_nlp.__wrapped__()  # not the cached pipeline
    assert isinstance(nlp.tokenizer, CharTokenizer) and "kg_words" not in nlp.pipe_names


def test_recognised_mentions_become_doc_ents_with_exact_character_spans():
    text = "陕西省总工会主席王建设出席会议。"
    doc, st = recognise(Article("t", "t.txt", text, list(range(len(text) + 1)), text))
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("陕西省总工会", "UnionBody") in labels and ("王建设", "Person") in labels
    assert all(text[m.start:m.end] == m.text for m in st.mentions)


def test_a_batch_through_the_pipeline_gives_what_one_article_at_a_time_gives():
    """The NER reads a batch in one call (its `pipe`); nothing else may change."""
    from kg.extract import extract_document
    from kg.ingest import load_articles
    from kg.nlp.pipeline import recognise_all
    from kg.output import to_jsonl_record
    from kg.resources import bundled_corpus

    articles, _errors = load_articles(bundled_corpus())
    nlp = build_nlp(use_models=True)
    one = [to_jsonl_record(extract_document(recognise(a, nlp)[1])) for a in articles]
    batched = [to_jsonl_record(extract_document(st)) for _doc, st in recognise_all(articles, nlp, batch_size=7)]
    assert batched == one
    assert any(m.source == "model" for _doc, st in recognise_all(articles[:10], nlp) for m in st.mentions)
