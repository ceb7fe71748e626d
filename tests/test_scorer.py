"""The check-worthiness scorer: robust to signal kinds it has not seen, and retrainable in
one command (``benchmarks/train_scorer.py``) on labelled data laid out as EVAL_DIR is."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import hookimpl
from workbench.records import make_signal

ROOT = Path(__file__).parent.parent
SENTENCE = "Canada spent $16.6 billion on defence in 2019, an increase of 40 per cent."


def _claim(run_cli, text: str) -> dict:
    result = run_cli("check", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.stderr
    [claim] = json.loads(result.stdout)["documents"][0]["claims"]
    return claim


class NewKind:
    """A detector with a kind the shipped model was never trained on."""

    @hookimpl
    def detect_signals(self, document):
        """Flags "defence" as a ``procurement`` signal."""
        start = document["text"].find("defence")
        return [make_signal(document["text"], "procurement", start, start + 7, 0.8)]


def test_a_signal_kind_the_model_never_saw_leaves_the_score_alone(run_cli, register_plugin):
    before = _claim(run_cli, SENTENCE)
    register_plugin(NewKind(), "new_kind")
    after = _claim(run_cli, SENTENCE)
    assert "procurement" in after["kinds"] and "procurement" not in before["kinds"]
    assert after["checkworthiness"] == before["checkworthiness"]


def test_the_shipped_model_says_what_it_is_and_stays_small():
    path = ROOT / "plugins" / "data" / "checkworthiness.json"
    assert path.stat().st_size < 2_000_000
    model = json.loads(path.read_text(encoding="utf-8"))
    assert "CC BY 4.0" in model["data"]["attribution"]
    assert model["calibration"]["shifted_to"] == 0.5
    assert {"precision", "recall", "f1"} <= set(model["cross_validation"]["at_0.5"])
    # The debaters' names carry no weight: a score does not depend on who spoke.
    words = {word for name in model["lexical"] for word in name.split()}
    assert not words & {"obama", "romney", "dukakis", "mondale", "perot"}


FACT = ("{place} spent {n} million dollars on {thing} in {year}, up {m} percent.",
        "The {thing} budget fell by {m} percent between {year} and 2015.",
        "{place} had {n} thousand {thing} workers in {year}.")
TALK = ("I think we should {verb} the {thing} for our children, Quimby.",
        "Thank you, we will {verb} the {thing} together.",
        "Do you believe we can {verb} the {thing}?")
PLACES = ["Ohio", "Texas", "Maine", "Utah", "Iowa", "Idaho"]
THINGS = ["school", "road", "farm", "health", "energy", "water", "housing", "transit",
          "defense", "tax", "trade", "steel", "coal", "bank", "port", "rail", "park",
          "police", "court", "prison", "border", "visa", "loan", "wage", "pension"]
VERBS = ["fix", "build", "protect", "support", "change", "improve", "defend", "reform",
         "expand", "respect", "restore", "secure", "strengthen", "renew", "honor"]


def _sentences(rng: random.Random, count: int) -> list[tuple[str, int]]:
    rows = []
    for _ in range(count):
        label = rng.random() < 0.3
        template = rng.choice(FACT if label else TALK)
        rows.append((template.format(place=rng.choice(PLACES), thing=rng.choice(THINGS),
                                     verb=rng.choice(VERBS), n=rng.randint(2, 900),
                                     m=rng.randint(2, 60), year=rng.randint(1960, 2016)),
                     int(label)))
    return rows


def _eval_dir(folder: Path) -> Path:
    """Labelled data laid out as the shared EVAL_DIR is (see its README), made up."""
    rng = random.Random(7)
    (folder / "claimbuster").mkdir(parents=True)
    header = ["Sentence_id", "Text", "Speaker", "Speaker_title", "Speaker_party", "File_id",
              "Length", "Line_number", "Sentiment", "Verdict"]
    for name, debates in (("crowdsourced.csv", 10), ("groundtruth.csv", 2)):
        with open(folder / "claimbuster" / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for debate in range(debates):
                for line, (text, label) in enumerate(_sentences(rng, 40)):
                    verdict = "1" if label else rng.choice(["-1", "0"])
                    writer.writerow([line, text, "Bob Quimby", "Governor", "NONE",
                                     f"{name[:5]}-{debate}.txt", len(text.split()), line,
                                     0.0, verdict])
    train = folder / "checkthat2020-debates" / "train"
    train.mkdir(parents=True)
    for transcript in range(3):
        lines = [f"{i}\tSPEAKER\t{text}\t{label}"
                 for i, (text, label) in enumerate(_sentences(rng, 40), 1)]
        (train / f"2019010{transcript}_debate.tsv").write_text("\n".join(lines) + "\n",
                                                             encoding="utf-8")
    return folder


@pytest.mark.filterwarnings("ignore")
def test_the_model_is_retrained_in_one_command(tmp_path):
    eval_dir = _eval_dir(tmp_path / "eval")
    output = tmp_path / "model.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "train_scorer.py"),
                             str(eval_dir), "--output", str(output)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"wrote {output}" in result.stdout
    model = json.loads(output.read_text(encoding="utf-8"))
    assert 300 < model["sentences"] <= 480  # de-duplicated
    assert model["cross_validation"]["C"] in (0.5, 1.0, 2.0)
    assert not any("quimby" in name for name in model["lexical"])  # the speaker's name

    from workbench_plugins.scorers.model import logit, probability

    fact = "Maine spent 400 million dollars on rail in 1999, up 12 percent."
    talk = "I think we should renew the rail for our children."
    assert probability(logit(fact, [], model)) > 0.5 > probability(logit(talk, [], model))


def test_training_without_the_data_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "train_scorer.py"),
                             str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path}: no claimbuster/crowdsourced.csv here\n"
