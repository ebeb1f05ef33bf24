"""The literals a pattern cannot match without: a shortcut that must never change a match."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.recognition.literals import Finder, required
from simulator.recognition.recogniser import lexicon


def test_a_fixed_word_is_required():
    assert required(r"\b(so|very|really)?\s*sorry\b(?!\s*\?)") == {"sorry"}


def test_alternatives_need_one_of_their_words():
    assert required(r"(公司)?(规定|制度)") == {"规定", "制度"}
    assert required(r"\b(company|store) policy\b") == {" policy"}


def test_case_is_folded_to_lower():
    assert required(r"SORRY|Apolog") == {"sorry", "apolog"}


def test_a_class_of_single_characters_needs_one_of_them():
    assert required(r"[?？]") == {"?", "？"}
    assert required(r"(吗|么)\s*$") == {"吗", "么"}


def test_a_pattern_with_nothing_certain_needs_nothing():
    assert required(r"\b(please)?\w+\b") is None      # the only word is optional
    assert required(r"(") is None                     # not a pattern at all


def test_the_finder_sees_every_literal_present_even_overlapping_ones():
    finder = Finder(["sorr", "sorry", "orry", "规定", "policy"])
    assert finder.present("so sorry, company policy") == {"sorr", "sorry", "orry", "policy"}
    assert finder.present("nothing here") == set()
    assert Finder([]).present("anything") == set()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_lexicon_pattern_that_matches_contains_what_it_needs(lang):
    """Over the lexicon's own patterns and a spread of texts, skipping never loses a match."""
    texts = ["I'm so sorry, that's company policy and there's nothing I can do.",
             "非常抱歉,这是公司规定,我也没办法。您自己看说明书吧!", "Are you deaf? Calm down, whatever.",
             "亲,这个不归我们管哦,您找快递吧~", "Rules are rules, mate. Not my department."]
    for rule in lexicon(lang).rules:
        if rule.needs is None:
            continue
        for text in texts:
            if rule.pattern.search(text):
                assert any(n in text.casefold() for n in rule.needs), (rule.pattern.pattern, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="sorySORYaplſK 规定制度,.?", max_size=30))
def test_a_text_without_the_literals_never_matches(text):
    for pattern in (r"\b(so|very)?\s*sorry\b", r"(公司)?(规定|制度)", r"apolog(y|ies|ise)"):
        needs = required(pattern)
        if re.search(pattern, text, re.IGNORECASE):
            assert any(n in text.casefold() for n in needs)
