# The two commands a newcomer needs: `make play` and `make test`. Both set everything up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test test-fast bench hearing model clean fonts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@$(MAKE) --no-print-directory fonts
	touch $(STAMP)

# Chinese reports (HTML, SVG) name the Noto CJK font: install it where it is missing and we may.
fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || \
	  ( [ "$$(id -u)" = 0 ] && apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 ) || \
	  echo "note: install fonts-noto-cjk (Debian/Ubuntu) so Chinese reports show in the Noto CJK font"

play: $(STAMP)
	$(BIN)/dcsim play $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The unit tests only, in seconds: no subprocess, terminal or browser.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The semantic layer's model ships in the package; rebuild it after changing the examples
# (a test fails until you do). A few minutes; needs scikit-learn, which using it does not.
model: $(STAMP)
	$(BIN)/python -m simulator.recognition.training

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# What the recogniser hears on text nobody here wrote (issue #12's figures): the study splits;
# `make hearing ARGS=--report` gives the report splits, never to tune on.
hearing: $(STAMP)
	$(BIN)/python benchmarks/hearing.py $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
