"""English wording a keyword system gets wrong: kind replies that sound like faults, and
empathy, help and introductions in everyday words (rules alone, so no model is needed)."""

from functools import partial

import pytest

import hearing

from simulator.moves import BAD_MOVES
from simulator.recognition.recogniser import lexicon, scan


names = partial(hearing.heard, lang="en")


@pytest.mark.parametrize("text", [
    "No, you're absolutely right, that shouldn't have happened.",
    "No, it's not your fault at all.",
    "Actually, I can do better than that: I'll waive the fee as well.",
    "As I said, the engineer will be there by 3pm, and I'll ring you when he's on his way.",
    "That's ridiculous, you should never have been charged twice.",
    "I disagree with whoever told you that: you're entitled to a refund.",
    "I'm right here with you, we'll get this sorted.",
    "That's our error, full stop.",
    "I know it didn't happen when we promised, and I'm sorry.",
    "Let me finish setting this up and then I'll read you the reference.",
])
def test_agreeing_firmly_is_no_argument(text):
    assert "argue" not in names(text)


@pytest.mark.parametrize("text, move", [
    ("Nope, there's no charge for that.", "refuse"),
    ("Absolutely not your fault.", "refuse"),
    ("no wonder you're fed up", "refuse"),
    ("There's no way you should have waited that long.", "refuse"),
    ("This stupid router has caused you enough grief, let's replace it.", "insult"),
    ("Seriously? They charged you twice? I'm so sorry.", "insult"),
    ("And I suppose nobody called you back either? I'm so sorry.", "insult"),
    ("People like you keep us honest, thank you.", "insult"),
    ("You can relax now, the money is back in your account.", "dismiss"),
    ("Whatever you need, I'm here.", "dismiss"),
    ("It's only a two-minute job for me, so I'll do it now.", "dismiss"),
    ("That's literally £40 we owe you, and it's going back today.", "dismiss"),
    ("You should have got a text from us yesterday, and you didn't.", "blame_customer"),
    ("You should've received it by now, let me chase it.", "blame_customer"),
    ("It says clearly on the website that you're covered, so you're fine.", "blame_customer"),
    ("You used it exactly as intended.", "blame_customer"),
    ("Is everything working on your end now?", "blame_customer"),
    ("Our engineer should have called you, and he didn't: that's on us.", "blame_colleague"),
    ("Are you sure you're okay? That sounds really scary.", "doubt"),
    ("Are you sure you want to cancel the whole order?", "doubt"),
    ("There's no record of your payment on our side yet, which is our problem.", "doubt"),
    ("I'll call the manufacturer for you.", "deflect"),
    ("Let me contact the courier and find out where it is.", "deflect"),
    ("I'll call you back in ten minutes.", "delay"),
    ("Hold on, let me check that for you.", "delay"),
    ("I hope that helps!", "hedge"),
    ("What kind of phone is it?", "hedge"),
    ("Our policy is to refund you in full, so that's what I'm doing.", "policy_wall"),
    ("Under our terms you're entitled to a full refund.", "policy_wall"),
    ("I don't know offhand, but I'll check and call you back by 3pm.", "dont_know"),
    ("I can't tell you how sorry I am.", "dont_know"),
])
def test_kind_wording_that_sounds_like_a_fault_is_not_one(text, move):
    assert move not in names(text)


@pytest.mark.parametrize("text", [
    "I'd be livid too.",
    "Honestly, I'd be fuming as well.",
    "no wonder you're fed up",
    "ugh, that sounds exhausting",
    "What a horrible way to start your holiday.",
    "How awful, three hours on hold.",
    "Oof. Three missed appointments would drive me up the wall.",
    "You've every reason to be annoyed.",
    "Totally understandable that you're upset.",
    "Of course you're worried, it's your savings.",
    "Nobody likes being kept in the dark.",
    "You must be exhausted after all that.",
    "I know you're sick of the sight of it.",
    "That's not what you signed up for, is it.",
    "no ur not being unreasonable at all",
    "Please don't feel silly for not spotting it.",
    "You did nothing wrong here.",
    "Is your mum okay in this heat?",
    "Paying that much and then finding a fault, I'd feel short-changed too.",
    "It's a long wait, I know.",
])
def test_everyday_empathy_is_heard(text):
    assert "empathise" in names(text)
    assert not names(text) & set(BAD_MOVES)


@pytest.mark.parametrize("text", ["Fee waived.", "Line's back on, same number.", "I can register the claim on this call.",
                                  "ill call the installer now"])
def test_terse_help_is_heard(text):
    assert "help" in names(text)


def test_an_apology_that_words_fail_is_still_an_apology():
    assert "apologise" in names("I can't tell you how sorry I am.")


@pytest.mark.parametrize("text, greets", [
    ("Sam here, how can I help?", True),
    ("Hi, it's Priya here from the billing team.", True),
    ("So here's what I'll do: I'll refund the delivery charge now.", False),
    ("Right here in your account I can see the charge.", False),
])
def test_a_name_here_greets_but_here_is_what_i_will_do_does_not(text, greets):
    assert ("greet" in names(text)) is greets


def test_a_lookalike_keeps_the_semantic_layer_from_guessing_the_move():
    hits, withheld = scan(lexicon("en"), "Nope, there's no charge for that.")
    assert "refuse" in withheld and not any(rule.move == "refuse" for rule, _, _ in hits)


@pytest.mark.parametrize("text, move", [
    ("That's down to the subcontractor, not us.", "blame_colleague"),
    ("Sales promised you that, not me.", "blame_colleague"),
    ("Take it up with the fitters, they did the job.", "blame_colleague"),
    ("That's not a fault, that's how it's designed.", "argue"),
    ("It's working exactly as designed.", "argue"),
    ("You've misunderstood the contract.", "argue"),
    ("That's just not the case.", "argue"),
    ("I don't think you understand how broadband works.", "argue"),
    ("Congratulations, you found the off switch.", "insult"),
    ("I'll explain it again, since you clearly weren't listening.", "insult"),
    ("Is English your first language?", "insult"),
    ("Most people manage to plug it in the right way round.", "blame_customer"),
    ("That's what happens when people leave it in the sun all day.", "blame_customer"),
    ("Well, you did tick the box agreeing to the terms.", "blame_customer"),
])
def test_a_fault_in_other_words_is_still_heard(text, move):
    assert move in names(text)


@pytest.mark.parametrize("text, move", [
    ("Nope, no extra charge. Same price, new date.", "refuse"),
    ("I won't give you the 'it happens all the time' line.", "refuse"),
    ("You agreed to the terms, and they say you're entitled to a refund.", "blame_customer"),
    ("That's not how it's meant to work, and I'm sorry.", "argue"),
])
def test_kind_replies_near_the_new_fault_wordings_stay_clear(text, move):
    assert move not in names(text)


@pytest.mark.parametrize("text, move", [
    ("I'm with you, 100%.", "empathise"),
    ("I completely agree, that's not on.", "empathise"),
    ("thats way too long to wait", "empathise"),
    ("Blimey, an hour on hold?", "empathise"),
    ("I know that was a long hold.", "empathise"),
    ("I'm not blaming anyone, least of all you.", "empathise"),
    ("I'm taking the fee off now.", "help"),
    ("brb checking the tracking for u", "help"),
    ("let me chase it rn", "help"),
])
def test_more_everyday_empathy_and_help(text, move):
    assert move in names(text)


@pytest.mark.parametrize("text, move", [
    # what the problem cost the customer, and a reaction as one person to another
    ("A whole Saturday gone waiting for a van that never came.", "empathise"),
    ("That's two evenings of your life you won't get back.", "empathise"),
    ("It can't have been easy sorting this out with a toddler in tow.", "empathise"),
    ("Losing the deposit on top of it all is gutting.", "empathise"),
    ("Honestly, I feel for you.", "empathise"),
    ("You must have been petrified when the alarm went off.", "empathise"),
    ("poor lad, his first match too", "empathise"),
    ("How's your mum holding up?", "empathise"),
    ("Are the kids keeping warm tonight?", "empathise"),
    ("No need to apologise at all.", "empathise"),
    ("The main thing is everyone's safe.", "empathise"),
    # help done, under way or timed in any verb, and a choice of remedies
    ("I've rerouted the parcel to your office.", "help"),
    ("Reprinting the tickets now.", "help"),
    ("I'll sort the paperwork and text you back in ten minutes.", "help"),
    ("It'll be with you tomorrow before noon.", "help"),
    ("Here's your returns label, print it whenever suits.", "help"),
    ("A locksmith is on his way.", "help"),
    ("The taxi home is on us.", "help"),
    ("Our engineer will come by on Thursday morning.", "help"),
    ("Would you like a replacement or a refund?", "help"),
    ("Do you want a full refund?", "help"),
    # ownership in everyday words
    ("That's our courier letting you down, plain and simple.", "own"),
    ("It's down to how we packed it.", "own"),
    ("We didn't check the address properly.", "own"),
    ("I mixed up the two bookings.", "own"),
    ("Our installers haven't been up to scratch.", "own"),
    ("I'm Sam, and I'll see this through with you.", "own"),  # play-test 21: the case taken on in person
])
def test_what_it_cost_done_and_owned_in_everyday_words(text, move):
    assert move in names(text)


@pytest.mark.parametrize("text, move", [
    ("We'll have to get back to you once things quieten down.", "help"),       # a stall, not a callback
    ("I've fitted more boilers than you've had hot dinners.", "help"),           # a boast, nothing done
    ("And I suppose the cat ate your receipt as well.", "empathise"),           # sarcasm, no cost counted
    ("Did you get a refund or a replacement last time?", "help"),               # history, no offer
])
def test_lookalikes_of_the_new_frames_stay_clear(text, move):
    assert move not in names(text)


@pytest.mark.parametrize("text, move", [
    ("That's really not okay and I'm sorry.", "apologise"),       # "not" stops at "and I…"
    ("Just so I've got it straight: the engineer came twice and left both times. Is that it?", "restate"),
    ("Let me make sure I understand: you paid on the 15th and still got a late fee?", "restate"),
    ("Hello, thank you for calling.", "greet"),
])
def test_a_trainees_play_test_heard_right(text, move):
    assert move in names(text)


def test_thanks_for_calling_that_opens_the_call_does_not_close_it():
    assert "close" not in names("Hello, thank you for calling.")
    assert "close" in names("Thanks for calling, bye now!")


def test_a_missed_connection_restated_is_no_blame():
    text = "Just so I've got it straight: our flight was four hours late and you missed the 661 to Singapore. Is that it?"
    assert "blame_customer" not in names(text) and "restate" in names(text)
    assert "blame_customer" in names("You missed the deadline, I'm afraid.")


def test_a_hurdle_taken_away_is_help_but_not_to_shout():
    assert "help" in names("You don't need the paper policy to claim, we have it on file.")
    assert "help" not in names("You don't need to shout at me.")


@pytest.mark.parametrize("text, move", [
    # kind replies a second play-test saw accused
    ("A brand-new fridge shouldn't stop cooling after a week, full stop.", "argue"),
    ("The branch shouldn't have turned you away, and I'm sorry they did.", "blame_colleague"),
    ("No one should be told to calm down after a day like that, and I won't.", "dismiss"),
    ("You shouldn't have to stay calm about this, you've every right to be cross.", "blame_customer"),
    ("I'm sorry you were told it was your fault.", "blame_customer"),
    ("I can't promise the exact minute, but I'll call you by 3:15 either way.", "hedge"),
])
def test_kind_replies_from_the_second_play_test_are_not_accused(text, move):
    assert move not in names(text)


@pytest.mark.parametrize("text, move", [
    ("Honestly, that's on you, not us.", "blame_customer"),
    ("Yeah yeah, I heard you the first time.", "dismiss"),
])
def test_faults_from_the_second_play_test_are_heard(text, move):
    assert move in names(text)


def test_a_refusal_told_back_in_a_restatement_is_the_stores_not_the_trainees():
    heard_ = names("So the shop told you they can't take it back after fifteen days, is that right?")
    assert "restate" in heard_ and not heard_ & {"refuse", "policy_wall", "argue"}


@pytest.mark.parametrize("text, move", [
    ("I hear what you're saying, but that simply isn't what happened.", "argue"),
    ("So you're saying it never arrived, but the courier's got a photo of it on your step.", "doubt"),
])
def test_a_fault_dressed_as_a_restatement_is_still_heard(text, move):
    assert move in names(text)


@pytest.mark.parametrize("text, move", [
    ("Would Tuesday morning work, or is the afternoon better for you?", "ask"),
    ("There's no need for you to come into the branch at all.", "help"),
])
def test_a_time_put_to_the_customer_asks_and_a_trip_spared_helps(text, move):
    assert move in names(text)


@pytest.mark.parametrize("text, move", [
    ("Someone told you it was your own fault. It was not.", "blame_customer"),
    ("I can't promise he'll be early, but I can promise he'll ring 30 minutes before.", "hedge"),
])
def test_kind_replies_from_the_third_play_test_are_not_accused(text, move):
    assert move not in names(text)


def test_the_company_to_blame_not_the_customer_is_ownership():
    assert "own" in names("The delay was our aircraft, not you.")


@pytest.mark.parametrize("text, move", [
    ("Sir, I need you to take it down a notch.", "dismiss"),
    ("It's ex-display, you got a discount, that's kind of the deal.", "dismiss"),
    ("Batteries are cheap, most people just buy a new one.", "dismiss"),
])
def test_faults_from_the_third_play_test_are_heard(text, move):
    assert move in names(text)


def test_the_deal_on_offer_is_no_dismissal():
    assert "dismiss" not in names("That's the deal I can do: a full refund today and a voucher.")


@pytest.mark.parametrize("text", [
    "What a miserable way to end your holiday.", "You're still being so patient with us, thank you.",
    "Take your time, I'm not going anywhere.", "You deserved a proper answer the first time.",
    "You were right to question that charge.", "Your frustration is completely understandable.",
    "A letter like that would worry anyone.", "You've been chasing this for weeks.",
    "Is everyone at home safe?", "I'm sorry you had to take the morning off.",
    "You've clearly done everything right."])
def test_empathy_in_the_frames_of_the_fresh_batches_is_heard(text):
    """Frames every writer uses (2026-12-06, from the fresh halves of natural batches 7 and 8), in words of our own."""
    assert "empathise" in hearing.heard(text, "en")


def test_before_anything_else_closes_nothing():
    """The sixth play-test: an opening "Before anything else: …" was heard as closing the call."""
    assert "close" not in hearing.heard("Before anything else: you do not need the paper policy to claim.", "en")
    assert "close" in hearing.heard("Is there anything else I can help with?", "en")


@pytest.mark.parametrize("text, move", [
    ("So you drove forty minutes for nothing.", "empathise"), ("Two hours on hold and then cut off. What a morning.", "empathise"),
    ("Losing the deposit on top of the move, that's really tough.", "empathise"),
    ("Sounds like the whole trip went pear-shaped.", "empathise"),
    ("True, we were slow.", "own"), ("We misplaced your form.", "own"), ("Chasing the refund is my job now.", "own"),
    ("I'm staying on the line with you.", "own"), ("The engineer is already heading your way.", "help"),
    ("Thanks for flagging it, we're on it.", "help"),
    ("You were charged a late fee you shouldn't have, and it's been removed.", "help")])
def test_reactions_owning_and_done_actions_of_a_ninth_writer_are_heard(text, move):
    """Frames of natural batch 9's fresh half (2026-12-06), in words of our own."""
    assert move in hearing.heard(text, "en")


@pytest.mark.parametrize("text, move", [
    ("That's tough luck.", "empathise"), ("It's hard to say when.", "empathise"),
    ("So you paid a fee you shouldn't have.", "blame_customer"),
    ("Wait, don't hang up, I'm getting my manager.", "delay"), ("Okay, I'm staying on with you.", "greet")])
def test_their_lookalikes_are_not(text, move):
    assert move not in hearing.heard(text, "en")


def test_tough_luck_after_thats_is_still_dismissive():
    assert "dismiss" in hearing.heard("That's tough luck.", "en")


@pytest.mark.parametrize("text, move", [
    ("Is your little one feeling any better?", "empathise"), ("Are you somewhere safe right now?", "empathise"),
    ("Did you get any sleep at all?", "empathise"), ("I know it cost you a morning's pay.", "empathise"),
    ("You took the afternoon off and nobody showed.", "empathise"), ("Long week, I'm sorry.", "empathise"),
    ("You did everything right.", "empathise"), ("Every day counts when you're moving house.", "empathise"),
    ("Two hours waiting in for no one.", "empathise"),
    ("We didn't hold up our end.", "own"), ("Our mix-up, not yours.", "own"), ("We billed you twice by mistake.", "own"),
    ("We promised Friday and it's now Tuesday.", "own"),
    ("Your replacement is on its way.", "help"), ("The hold is in place until May.", "help"),
    ("I've taken the listing down.", "help")])
def test_care_cost_and_owning_of_a_tenth_and_eleventh_writer_are_heard(text, move):
    """Frames of natural batches 10 and 11's fresh halves (2026-12-06), in words of our own."""
    assert move in hearing.heard(text, "en")


@pytest.mark.parametrize("text, move", [
    ("A whole winter without heating. No.", "refuse"), ("Forty quid may not sound like much until it's monthly.", "dismiss"),
    ("You keep the full refund, end of story.", "argue"), ("Is he still refusing to pay?", "doubt")])
def test_kind_lines_of_the_tenth_and_eleventh_writers_are_not_accused(text, move):
    assert move not in hearing.heard(text, "en")


def test_a_bare_no_still_refuses():
    assert "refuse" in hearing.heard("No. We do not refund opened software.", "en")
    assert "argue" in hearing.heard("Those are the rules, full stop.", "en")


@pytest.mark.parametrize("text, move", [
    ("Let me be honest: the installer's last job overran, and our dispatcher didn't call you. That's on us.", "blame_colleague"),
    ("No, it shouldn't be, and you were let down.", "refuse"), ("No, that shouldn't have happened.", "refuse"),
    ("No, that's not how it should work at all, and I'm sorry.", "argue"),
    ("Unfortunately the rule is 15 days, but that doesn't stop me helping you.", "policy_wall"),
    ("Morning or early afternoon?", "greet")])
def test_kind_replies_from_the_seventh_play_test_are_not_accused(text, move):
    assert move not in hearing.heard(text, "en", semantic=True)


@pytest.mark.parametrize("text, move", [
    ("So you haven't really lost out.", "dismiss"), ("Bills do need paying. Most people set up a direct debit.", "blame_customer"),
    ("I'll look into it and get back to you.", "delay"), ("The late fee and the reconnection charge are both cancelled.", "help"),
    ("No, that's not how it works.", "argue"), ("The installer was late, it's his fault.", "blame_colleague")])
def test_the_seventh_play_test_heard_right(text, move):
    """Minimising, lecturing and the stock stall are faults; a fee cancelled in the passive is help."""
    assert move in hearing.heard(text, "en")


@pytest.mark.parametrize("text", ["Replacement's going out today.", "Cancelled. No fee.", "I've taken the listing down."])
def test_terse_help_stands_beside_the_model(text):
    """The model no longer clears terse help the rules heard (help veto 0.03, play-test 7)."""
    assert "help" in hearing.heard(text, "en", semantic=True)


@pytest.mark.parametrize("text", [
    "Is there anything else I can sort out for you today?", "I'm so sorry you've had to call back again.",
    "Fine. It was my fault. I sent the wrong file.", "We'll get someone to look at it when they get a chance.",
    "I'll do my best, no guarantees.", "I'm going to stop you there."])
def test_what_only_sounds_like_help_is_not(text):
    assert "help" not in hearing.heard(text, "en")


def test_recognising_a_loyal_customer_is_empathy():
    assert "empathise" in hearing.heard("You've been with us for eleven years.", "en")
    assert "empathise" in hearing.heard("您是我们的老用户了,我很佩服。", "zh")
    assert "empathise" not in hearing.heard("Call our customer services team.", "en")


@pytest.mark.parametrize("text, move", [
    ("You've explained this three times already.", "empathise"), ("Exam season is hard on everyone.", "empathise"),
    ("Sounds like a stressful week.", "empathise"), ("Totally get it.", "empathise"), ("Take whatever time you need.", "empathise"),
    ("A refund in ten days? That's no good to you tonight.", "empathise"), ("I hope the rest of your day gets easier.", "empathise"),
    ("That sucks.", "empathise"), ("Oh no, both bags?", "empathise"), ("I know you needed it for Saturday.", "empathise"),
    ("That's our app, not you.", "own"), ("Our driver took it to the wrong address by mistake.", "own"),
    ("The fault was with our server.", "own"), ("You were given the wrong information.", "own"),
    ("I'm taking it to my manager at two.", "help")])
def test_frames_of_a_twelfth_and_thirteenth_writer_are_heard(text, move):
    """Frames of natural batches 12 and 13's fresh halves (2026-12-06), in words of our own."""
    assert move in hearing.heard(text, "en")


@pytest.mark.parametrize("text", ["I get it, but the rules are the rules.", "Oh no, that's not how it works."])
def test_their_lookalikes_still_carry_the_fault(text):
    heard = hearing.heard(text, "en")
    assert heard & {"policy_wall", "argue"}


@pytest.mark.parametrize("text, move", [
    ("i mean, what do you want me to do about it", "dismiss"), ("look, I've already told you", "dismiss"),
    ("*sigh* ok what's the problem", "dismiss"), ("it'll come when it comes", "delay"),
    ("So that I am quite certain I have understood your position, you want the transfer found; have I understood that correctly?", "restate"),
    ("rly not ok", "empathise"), ("dw i got this", "own")])
def test_the_eighth_play_test_heard_right(text, move):
    assert move in hearing.heard(text, "en")


@pytest.mark.parametrize("text, move", [
    ("is there anything else on the bill that looks off to you?", "close"), ("What would you like me to do about it?", "dismiss"),
    ("I got it wrong, sorry.", "greet")])
def test_the_eighth_play_test_no_longer_heard_wrong(text, move):
    assert move not in hearing.heard(text, "en")


def test_anything_else_on_your_mind_still_closes():
    assert "close" in hearing.heard("Is there anything else on your mind before we wrap up?", "en")


@pytest.mark.parametrize("text, move, heard", [
    ("You're right to be angry. That's wrong, plain and simple.", "argue", False),
    ("I'm so sorry, that's not how it should work, full stop.", "argue", False),
    ("That's wrong, the engineer came at 10.", "argue", True),
    ("So it's a fault. You can return it.", "help", True), ("Can you return it to the shop?", "help", False),
    ("I'm sure he'll turn up at some point today.", "hedge", True),
    ("I can't really do anything from here.", "refuse", True)])
def test_the_ninth_play_test_heard_right(text, move, heard):
    assert (move in hearing.heard(text, "en")) == heard


@pytest.mark.parametrize("lang, text, move, heard", [
    ("zh", "我跟您说实话,按规定7天退货、15天换货都过了,但是我不会就这么把您推走。", "policy_wall", False),
    ("zh", "上次那个同事说您算错了,那是他的问题。", "blame_customer", False),
    ("en", "Actually let me be careful - I can't promise that myself. What I can do is refund it today.", "hedge", False),
    ("en", "I can't promise anything.", "hedge", True),
    ("en", "Honestly, a cleaning disk costs like ten yuan, you could've just bought one.", "blame_customer", True)])
def test_the_tenth_play_test_heard_right(lang, text, move, heard):
    """A rule explained with "but I won't turn you away", a colleague's words reported, an over-promise taken
    back are kind; "you could've just bought one" blames."""
    assert (move in hearing.heard(text, lang)) == heard


@pytest.mark.parametrize("lang, text", [("en", "Sorry, could you tell me again what's happening tomorrow?"), ("zh", "不好意思,您能再说一遍吗?")])
def test_sorry_as_pardon_is_no_apology(lang, text):
    """The tenth play-test: asking the customer to repeat counted as the apology step (docs/moves.md: "Sorry?" is ask)."""
    assert "apologise" not in hearing.heard(text, lang)


def test_a_formal_apology_offers_no_help_and_thanks_for_patience_mid_reply_closes_nothing():
    """Play-tests 8-10: a formal apology that names what went wrong ticked the help step on the first line."""
    apology = ("Good morning, and please allow me first of all to say how very sorry I am that, after twelve years of "
               "paying on time, you have been sent a suspension warning and charged a late fee.")
    assert "help" not in hearing.heard(apology, "en", semantic=True)
    assert "close" not in hearing.heard("Hello, thank you for your patience. I'm so sorry about the late fee.", "en")
    assert "close" in hearing.heard("Thank you for your patience today.", "en")


@pytest.mark.parametrize("text, restated", [
    ("Yes, I've got the account open. So you've tracked every top-up, and someone here brushed you off.", True),
    ("Thanks for holding. So the engineer never turned up and nobody rang you?", True),
    ("That's done. So you'll get a text when it ships.", False)])
def test_so_you_tells_the_story_back_at_any_sentences_start_not_only_the_first(text, restated):
    """Play-test 21: a restatement after "Yes. I've got the account open now." scored restating 0/5."""
    assert ("restate" in names(text)) == restated
