"""The Solr backend without a cluster: the configset's analysis is ours (transliteration, token pattern),
URLs are parsed with clear messages, and the compiler writes Solr syntax without pasting user text into
local parameters."""

import re
import xml.etree.ElementTree as ET

import pytest

from search_engine.analysis.tokens import _JOINERS, TOKEN_PATTERN
from search_engine.analysis.transliteration import _TRANSLIT, _YE_AFTER
from search_engine.query.parser import parse
from search_engine.solr.admin import CONFIGSET_DIR
from search_engine.solr.client import SolrError, SolrURL
from search_engine.solr.query import SolrCompiler


def analyzer():
    schema = ET.parse(CONFIGSET_DIR / "managed-schema.xml").getroot()
    [field_type] = [t for t in schema.iter("fieldType") if t.get("name") == "text_se"]
    return field_type.find("analyzer")


def test_the_transliteration_filters_are_the_python_table():
    replaces = [(f.get("pattern"), f.get("replacement")) for f in analyzer().iter("filter")
                if f.get("name") == "patternReplace"]
    ye, *letters = replaces
    assert ye == (f"(?<![^{''.join(sorted(_YE_AFTER))}])е", "ye")
    assert dict(letters) == _TRANSLIT


def test_the_tokenizer_is_our_token_pattern_with_the_joiners_dropped_first():
    tokenizer = analyzer().find("tokenizer")
    assert "(?U)" + TOKEN_PATTERN.replace(f"(?:[{_JOINERS}]+[^\\W_]*)*", "") == tokenizer.get("pattern")
    dropped = set()
    for line in (CONFIGSET_DIR / "fold.txt").read_text(encoding="utf-8").splitlines():
        if m := re.fullmatch(r'"\\u([0-9A-F]{4})" => ""', line):
            dropped.add(chr(int(m.group(1), 16)))
    assert all(re.fullmatch(f"[{_JOINERS}]", c) for c in dropped)
    assert all(chr(c) in dropped for c in range(0x10000) if re.fullmatch(f"[{_JOINERS}]", chr(c)))


@pytest.mark.parametrize("url, nodes, collection", [
    ("solr://localhost:8983/solr/frus", ("http://localhost:8983/solr",), "frus"),
    ("solr://h1:8983,h2:8984/solr/frus", ("http://h1:8983/solr", "http://h2:8984/solr"), "frus"),
])
def test_solr_urls(url, nodes, collection):
    parsed = SolrURL.parse(url)
    assert (parsed.nodes, parsed.collection) == (nodes, collection)


@pytest.mark.parametrize("url", ["solr://localhost:8983", "solr:///solr/x", "http://localhost:8983/solr/x"])
def test_a_bad_solr_url_says_what_one_looks_like(url):
    with pytest.raises(SolrError, match="solr://"):
        SolrURL.parse(url)


def test_user_text_stays_in_quotes_and_parameters():
    query = 'title:"a} OR {!delete" Castro -"x y" date:1962'
    compiled = SolrCompiler(query).compile_ranked(parse(query))
    assert "{!delete" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', compiled.q)
    for value in compiled.params.values():
        assert "{!" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', value)
    assert "date:[1962-01-01 TO 1962-12-31]" in compiled.q
