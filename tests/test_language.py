"""Which language a reply is in, and when it is in both."""

from simulator.language import detect, mixed, without_han


def test_han_characters_carry_a_sentence_against_a_few_english_words():
    assert detect("亲 sorry 这个我马上处理") == "zh"
    assert detect("Sorry, I'll sort it out today") == "en"


def test_a_reply_is_mixed_only_with_two_of_each():
    assert mixed("这个是company policy,没办法")
    assert not mixed("亲 OK 我马上处理")          # one English word is a loan, not a second language
    assert not mixed("Thanks, Mr 王, all sorted")  # one Han character is a name


def test_blanking_han_keeps_every_offset():
    text = "这个是company policy"
    blanked = without_han(text)
    assert len(blanked) == len(text) and blanked.index("company") == text.index("company")
