"""The projector screen: one view model, drawn by rich at any size from 80×24 to 200×60, exported as SVG."""

import html
import re

import pytest

from calls import FOUR_STEPS, POLICY
from engine.test_workshop_room import spelt_out
from simulator.engine.session import Session
from simulator.engine.workshop import Workshop
from simulator.recognition.recogniser import recognise
from simulator.ui.facilitator import Facilitator
from simulator.ui.projector import Screen, ansi, export_svg

SIZES = [(80, 24), (200, 60)]


def rules(text, lang=None, context=None):
    return recognise(text, lang=lang, context=context, semantic=False)


def room_after_a_rewind(emotional, line_cut_off, lang: str) -> Workshop:
    """Ana apologises, Bo hides behind policy, is rewound and empathises; Chen's turn."""
    workshop = Workshop(Session(emotional, line_cut_off, lang, seed=0, recogniser=rules), ["Ana", "Bo", "Chen"])
    facilitator, steps = Facilitator(workshop), FOUR_STEPS[lang]
    for line in [f"Ana: {steps['apologise']}", f"Bo: {POLICY[lang]}", "/rewind 1", f"Bo: {steps['empathise']}"]:
        facilitator.handle(line)
    return workshop


def svg_text(path) -> str:
    """The words of an SVG screen, spaces dropped (rich leaves runs of spaces out of the SVG)."""
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", "", html.unescape("".join(runs)))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("cols, rows", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_exported_screen_shows_everything_the_room_needs(emotional, line_cut_off, tmp_path, lang, cols, rows):
    workshop = room_after_a_rewind(emotional, line_cut_off, lang)
    path = export_svg(Screen.of(workshop.session, workshop), cols, rows, tmp_path / "screen.svg")
    words = svg_text(path)
    assert squeezed(workshop.session.last_reply) in words  # the customer's line
    anger = workshop.session.mood
    assert f"{'anger' if lang == 'en' else '怒气'}{anger}/100" in words and "█" in words  # the mood meter
    done, missing = ("✔apologise#1", "✔empathise#2"), ("☐takeownership", "☐offerhelp")
    if lang == "zh":
        done, missing = ("✔道歉#1", "✔同情理解#2"), ("☐承担责任", "☐提供帮助")
    assert all(step in words for step in done + missing)  # the checklist, lit by shape as well as colour
    assert "▶Chen◀" in words and "Ana" in words and "Bo" in words  # the rotation, who speaks now
    assert squeezed(f"#1 Ana: {FOUR_STEPS[lang]['apologise']}") in words  # the recent turns…
    assert "↶2Bo:" in words and ("✘policywall" if lang == "en" else "✘拿规定压人") in words  # …the rewound one marked
    assert 'textLength' in path.read_text(encoding="utf-8") and "fonts.googleapis" not in path.read_text("utf-8")


def long_workshop(emotional, line_cut_off) -> Workshop:
    workshop = Workshop(Session(emotional, line_cut_off, "en", seed=0, recogniser=spelt_out), ["Ana", "Bo", "Chen"])
    for _ in range(12):
        workshop.say("restate ask " + "and so on " * 30)
    return workshop


@pytest.mark.parametrize("cols, rows", [(80, 24), (100, 30), (120, 40), (160, 50), (200, 60)])
def test_the_screen_fills_the_window_exactly_however_long_the_call(emotional, line_cut_off, cols, rows):
    workshop = long_workshop(emotional, line_cut_off)
    drawn = ansi(Screen.of(workshop.session, workshop, notice="► a hint"), cols, rows)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", drawn).split("\n")
    assert len(plain) == rows and max(len(line) for line in plain) <= cols
    assert "#12 Chen:" in drawn and "#1 Ana:" not in drawn  # the last turns only, the newest kept
    assert "► a hint" in plain[-1]


def test_without_colour_the_screen_still_says_everything(emotional, line_cut_off, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    workshop = room_after_a_rewind(emotional, line_cut_off, "en")
    drawn = ansi(Screen.of(workshop.session, workshop), 80, 24)
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[[0-9;]*38;", drawn)  # no foreground colour at all
    assert "✔ apologise" in drawn and "☐ offer help" in drawn and "▶ Chen ◀" in drawn and "upset" in drawn


def test_a_paused_room_and_an_ended_call_say_so_in_a_banner(emotional, line_cut_off):
    workshop = room_after_a_rewind(emotional, line_cut_off, "en")
    workshop.toggle_pause()
    assert "PAUSED" in ansi(Screen.of(workshop.session, workshop), 80, 24)


def test_a_practice_call_has_no_rotation(emotional, line_cut_off):
    call = Session(emotional, line_cut_off, "en", seed=0, recogniser=spelt_out)
    call.respond("apologise")
    screen = Screen.of(call)
    assert screen.rotation == [] and screen.recent[0].speaker == "You" and screen.steps["apologise"] == 1
