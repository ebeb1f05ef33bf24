"""The interactive loop in-process: keystrokes through a pipe, the screen into a string, the call in the store."""

import io
import os
import signal

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.vt100 import Vt100Input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from calls import FOUR_STEPS, good_script
from stored import stored_calls, texts
from simulator.engine.session import Session
from simulator.engine.workshop import Workshop
from simulator.library.store import Keeper, Store
from simulator.ui.room import run_room
from simulator.ui.terminal import interactive

ENTER, CTRL_C, CTRL_D = "\r", "\x03", "\x04"


def play(session: Session, keys: str | bytes, close: bool = True):
    """Type `keys` into a call, then (with `close`) end the input as a finished script does; return the
    finished session and what the screen showed."""
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_bytes(keys) if isinstance(keys, bytes) else keyboard.send_text(keys)
        if close:
            keyboard.close()
        keeper = Keeper(Store(), session, "tester", (session.persona.id, session.scenario.id))
        finished = interactive(session, Console(file=screen, width=300), InMemoryHistory(),
                               input=keyboard, output=DummyOutput(), keeper=keeper)
    return finished, screen.getvalue()


def typed(*lines: str) -> str:
    return "".join(line + ENTER for line in lines)


@pytest.fixture
def call(home, emotional, line_cut_off):
    return Session(emotional, line_cut_off, "en", seed=1)


def test_a_whole_call_typed_in_ends_satisfied_with_the_score_and_a_transcript(home, call):
    finished, screen = play(call, typed(*good_script("en", "emotional")))
    assert finished.outcome == "satisfied"
    assert "Brief: The line that was cut off" in screen
    assert f"Customer: {call.opening}" in screen
    assert "Score: " in screen and "Outcome: satisfied" in screen
    [stored] = stored_calls(home)
    assert stored["opening"] == call.opening and stored["trainee"] == "tester"
    assert texts(stored) == good_script("en", "emotional")
    assert stored["outcome"] == "satisfied" and stored["reason"] == "ended" and stored["ended"]


def test_a_satisfied_customer_hears_the_trainees_last_word_and_says_goodbye(home, call):
    """Every play-test: the call ended the moment the customer was satisfied, before the trainee could close."""
    finished, screen = play(call, typed(*good_script("en", "emotional"), "Is there anything else? Take care, goodbye.",
                                        "never heard"))
    assert "One last reply closes the call" in screen
    assert finished.over and finished.turns[-1].text == "Is there anything else? Take care, goodbye."
    assert finished.turns[-1].reply in [line.text for line in finished.persona.reaction("farewell", "en")]
    [stored] = stored_calls(home)
    assert stored["outcome"] == "satisfied" and stored["reason"] == "ended" and "never heard" not in texts(stored)


def test_quit_ends_the_call_early_and_keeps_what_was_said(home, call):
    finished, screen = play(call, typed(FOUR_STEPS["en"]["apologise"], "/quit", "never typed"))
    assert len(finished.turns) == 1 and finished.outcome is None
    assert "Outcome: unfinished" in screen
    [stored] = stored_calls(home)
    assert len(stored["turns"]) == 1 and stored["reason"] == "quit" and stored["ended"]


def test_a_call_that_fails_before_its_first_prompt_leaves_nothing_to_resume(home, call, monkeypatch):
    """A broken labels file (or anything else) failing as the call starts stores no empty call."""
    from simulator.datafile import DataError
    from simulator.ui import terminal

    def broken(lang):
        raise DataError("labels.yaml", 274, "not valid YAML", "check the indentation")

    monkeypatch.setattr(terminal.labels, "help_text", broken)
    with pytest.raises(DataError):
        play(call, typed("/quit"))
    assert stored_calls(home) == []


def test_a_call_left_before_a_word_is_said_is_not_kept(home, call):
    finished, _ = play(call, typed("/hint", "/quit"))
    assert finished.turns == [] and stored_calls(home) == []


def test_hint_suggests_the_next_step_of_the_four(call):
    _, screen = play(call, typed(FOUR_STEPS["en"]["apologise"], "/hint", "/quit"))
    assert "💡 " in screen
    hint = screen.split("💡 ")[1].splitlines()[0]
    assert "understand" in hint  # apologised already: next comes empathy


def test_score_shows_the_card_mid_call_and_the_call_goes_on(call):
    finished, screen = play(call, typed(FOUR_STEPS["en"]["apologise"], "/score", FOUR_STEPS["en"]["empathise"], "/quit"))
    assert screen.count("Score: ") == 2  # once for /score, once at the end
    assert len(finished.turns) == 2


def test_help_and_unknown_commands_answer_with_the_command_list(call):
    finished, screen = play(call, typed("/help", "/frobnicate", "/quit"))
    assert "? /frobnicate" in screen
    assert screen.count("/hint (what to say next)") >= 3  # at the start, for /help, for the unknown one
    assert finished.turns == []


def test_restart_saves_the_first_call_and_begins_again(home, call):
    finished, screen = play(call, typed(FOUR_STEPS["en"]["apologise"], "/restart",
                                        FOUR_STEPS["en"]["empathise"], "/quit"))
    assert finished is not call
    assert [t.text for t in finished.turns] == [FOUR_STEPS["en"]["empathise"]]
    assert screen.count("Brief: ") == 2 and screen.count("Score: ") == 2
    first, second = stored_calls(home)
    assert texts(first) == [FOUR_STEPS["en"]["apologise"]] and first["reason"] == "restart"
    assert texts(second) == [FOUR_STEPS["en"]["empathise"]] and second["reason"] == "quit"


def test_restart_before_a_word_is_said_shows_no_debrief_of_an_empty_call(home, call):
    """Play-test 18: /restart at once printed three tips quoting "(nothing said here)" and "saved as call None"."""
    finished, screen = play(call, typed("/restart", FOUR_STEPS["en"]["apologise"], "/quit"))
    assert screen.count("Score: ") == 1 and "None" not in screen
    assert [texts(c) for c in stored_calls(home)] == [[FOUR_STEPS["en"]["apologise"]]]


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_end_with_the_score(home, call, key):
    finished, screen = play(call, typed(FOUR_STEPS["en"]["apologise"]) + key)
    assert len(finished.turns) == 1
    assert "Score: " in screen
    [stored] = stored_calls(home)
    why = "interrupted" if key == CTRL_C else "eof"
    assert (stored["outcome"], stored["reason"], len(stored["turns"])) == (None, why, 1)


def test_ctrl_c_on_a_half_typed_reply_clears_it_and_the_call_goes_on(home, call):
    """Play-test 18: Ctrl-C to start a sentence again ended the whole call."""
    finished, screen = play(call, "That's company pol" + CTRL_C + typed(FOUR_STEPS["en"]["apologise"], "/quit"))
    assert [t.text for t in finished.turns] == [FOUR_STEPS["en"]["apologise"]]
    [stored] = stored_calls(home)
    assert stored["reason"] == "quit"


def test_the_end_of_input_ends_the_call_like_ctrl_d(home, call):
    finished, screen = play(call, typed(FOUR_STEPS["en"]["apologise"]))
    assert len(finished.turns) == 1 and "Score: " in screen


def test_blank_lines_are_not_turns(call):
    finished, _ = play(call, typed("", "   ", FOUR_STEPS["en"]["apologise"], "/quit"))
    assert len(finished.turns) == 1


def test_bytes_that_are_not_utf8_are_saved_as_replacement_characters(home, call):
    finished, _ = play(call, b"I'm so sorry \xff\xfe about that\r/quit\r")
    assert finished.turns[0].text == "I'm so sorry \ufffd\ufffd about that"
    [stored] = stored_calls(home)
    assert stored["turns"][0]["text"] == "I'm so sorry \ufffd\ufffd about that"
    assert stored["turns"][0]["moves"] == ["apologise"]


def test_a_chinese_call(home, emotional, line_cut_off):
    finished, screen = play(Session(emotional, line_cut_off, "zh"), typed(*good_script("zh", "emotional")))
    assert finished.outcome == "satisfied"
    assert "情景说明" in screen and "客户: " in screen and "结果: 满意" in screen


def test_work_that_can_wait_starts_once_the_first_prompt_is_drawn(home, call):
    """The model loads after the trainee can type, and only once across every prompt of the call."""
    started = []
    with create_pipe_input() as keyboard:
        keyboard.send_text(typed(FOUR_STEPS["en"]["apologise"], FOUR_STEPS["en"]["empathise"], "/quit"))
        interactive(call, Console(file=io.StringIO(), width=300), InMemoryHistory(), input=keyboard,
                    output=DummyOutput(), on_first_prompt=lambda: started.append(len(call.turns)))
    assert started == [0]


# A closed terminal reaches the program twice, in either order: its input ends, and SIGHUP comes.
# On a loaded machine the two can be far apart; whichever comes first, the call's end is stored.

class SignalledStore(Store):
    """A store that receives `signal` (as from a closing terminal) just as it writes `when`."""

    def __init__(self, when: str, sig: int = signal.SIGHUP):
        super().__init__()
        self.when, self.sig = when, sig

    def add_turn(self, *args) -> None:
        self._signal("turn")
        super().add_turn(*args)

    def end_call(self, *args) -> None:
        self._signal("end")
        super().end_call(*args)

    def _signal(self, what: str) -> None:
        if what == self.when:
            signal.raise_signal(self.sig)


def play_on(store: Store, session: Session, keys: str) -> Session:
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keeper = Keeper(store, session, "tester", (session.persona.id, session.scenario.id))
        return interactive(session, Console(file=io.StringIO(), width=300), InMemoryHistory(),
                           input=keyboard, output=DummyOutput(), keeper=keeper)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["sighup", "sigterm"])
def test_a_hang_up_while_the_end_is_written_does_not_cut_the_write_short(home, call, sig):
    play_on(SignalledStore("end", sig), call, typed(FOUR_STEPS["en"]["apologise"]) + CTRL_D)
    [stored] = stored_calls(home)
    assert stored["ended"] and stored["reason"] == "eof" and texts(stored) == [FOUR_STEPS["en"]["apologise"]]


def test_a_hang_up_while_a_turn_is_written_keeps_the_turn_and_ends_the_call(home, call):
    typed_in = typed(FOUR_STEPS["en"]["apologise"], FOUR_STEPS["en"]["empathise"])
    finished = play_on(SignalledStore("turn"), call, typed_in)
    assert [t.text for t in finished.turns] == [FOUR_STEPS["en"]["apologise"]]  # the next line is never taken
    [stored] = stored_calls(home)
    assert texts(stored) == [FOUR_STEPS["en"]["apologise"]] and stored["reason"] == "hangup" and stored["ended"]


def test_a_terminal_closed_under_the_prompt_ends_the_call_as_a_hang_up(home, call):
    """Its input ends before the signal comes: still a hang-up (not Ctrl-D), and the end is stored."""
    main, secondary = os.openpty()
    os.write(main, typed(FOUR_STEPS["en"]["apologise"]).encode())
    with os.fdopen(secondary, "r", encoding="utf-8") as terminal:
        keys = Vt100Input(terminal)
        keeper = Keeper(Store(), call, "tester", (call.persona.id, call.scenario.id))
        keeper.turn = lambda turn, close=keeper.turn: (close(turn), os.close(main))  # the window shuts after a turn
        interactive(call, Console(file=io.StringIO(), width=300), InMemoryHistory(), input=keys,
                    output=DummyOutput(), keeper=keeper)
    [stored] = stored_calls(home)
    assert texts(stored) == [FOUR_STEPS["en"]["apologise"]] and stored["reason"] == "hangup" and stored["ended"]


def test_a_workshop_hung_up_while_its_end_is_written_still_records_its_end(home, call):
    keeper = Keeper(SignalledStore("end"), call, "Ana", (call.persona.id, call.scenario.id))
    with create_pipe_input() as keyboard:
        keyboard.send_text(typed(FOUR_STEPS["en"]["apologise"]) + CTRL_D)
        run_room(Workshop(call, ["Ana"]), console=Console(file=io.StringIO(), width=300), keepers={"Ana": keeper},
                 input=keyboard, output=DummyOutput())
    [stored] = stored_calls(home)
    assert texts(stored) == [FOUR_STEPS["en"]["apologise"]] and stored["ended"] and stored["reason"] == "eof"
    [transcript] = (home / "transcripts").glob("*.jsonl")
    assert '"type": "end"' in transcript.read_text(encoding="utf-8").splitlines()[-1]
