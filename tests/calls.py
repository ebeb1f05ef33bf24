"""Trainee lines the tests speak, chosen so the recogniser hears each one clearly.

Check any new line with `python -m simulator moves "text"` before using it here.
"""

#: One line per step of the four-step method, in order, and a second offer of help for
#: the stubborn customer, who turns down the first offer by design.
FOUR_STEPS = {
    "en": {
        "apologise": "I'm so sorry.",
        "empathise": "I completely understand how frustrating this must be.",
        "own": "This was our mistake and I will take care of it personally.",
        "help": "I can reconnect your line today and waive the fee.",
        "help_again": "I can also update your billing address for you.",
    },
    "zh": {
        "apologise": "对不起。",
        "empathise": "我非常理解您的心情。",
        "own": "这是我们的错,我来负责处理。",
        "help": "我今天就帮您恢复线路,免收复装费。",
        "help_again": "我可以为您免收复装费。",
    },
}

#: Hiding behind policy and blaming the customer.
POLICY = {"en": "That's our policy.", "zh": "这是规定。"}
BLAME = {"en": "You must have got it wrong.", "zh": "肯定是您自己搞错了。"}


def good_script(lang: str, persona: str) -> list[str]:
    """Apologise, empathise, take ownership, offer help (twice for the stubborn customer)."""
    lines = FOUR_STEPS[lang]
    script = [lines["apologise"], lines["empathise"], lines["own"], lines["help"]]
    return script + [lines["help_again"]] if persona == "stubborn" else script


def bad_script(lang: str) -> list[str]:
    """"That's our policy" / "you must have got it wrong", three times over."""
    return [POLICY[lang], BLAME[lang]] * 3
