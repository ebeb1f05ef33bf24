"""/reload: a coach edits the persona while playing it, reloads, and the call starts again with the edit."""

from stored import stored_calls, texts
from test_terminal_prompt import play, typed

from samples import TINY_PERSONA, write
from simulator.engine import persona as persona_module
from simulator.engine.session import Session
from simulator.library import catalog


def test_reload_plays_the_edited_persona_from_the_start(home, tmp_path):
    path = write(tmp_path, "tiny.yaml", TINY_PERSONA)
    session = Session(persona_module.load(path), catalog.scenario("line_cut_off"), "en", seed=1)
    write(tmp_path, "tiny.yaml", TINY_PERSONA.replace('en: ["Thanks."]', 'en: ["Thank you, that is all I wanted."]'))
    finished, screen = play(session, typed("/reload", "I'm so sorry."))
    assert "Thank you, that is all I wanted." in screen
    assert finished.outcome == "satisfied" and len(finished.turns) == 1
    [call] = stored_calls(home)  # the call reloaded before a word was said is not kept
    assert texts(call) == ["I'm so sorry."] and call["outcome"] == "satisfied"


def test_a_reload_of_a_broken_file_names_the_line_and_the_call_goes_on(home, tmp_path):
    path = write(tmp_path, "tiny.yaml", TINY_PERSONA)
    session = Session(persona_module.load(path), catalog.scenario("line_cut_off"), "en", seed=1)
    write(tmp_path, "tiny.yaml", TINY_PERSONA.replace("{to: escalated,", "{to: escalted,"))
    finished, screen = play(session, typed("/reload", "I'm so sorry."))
    assert "tiny.yaml:18:" in screen and "`to: escalted` names no state" in screen
    assert finished.outcome == "satisfied" and len(stored_calls(home)) == 1
