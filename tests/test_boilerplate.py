"""Page furniture in flattened text is dropped by general rules, with exact offsets kept."""

from __future__ import annotations

import json

from workbench import hookimpl, validation

ARTICLE = """A New Channel for the Harbour

12 min read Published on 3 June 2024
A New Channel for the Harbour

A New Channel for the Harbour
In This Story

The port authority approved a dredging plan that will cost $40 million over four years.
Officials said the channel had silted up faster than forecast since 2019.

Share this story on Facebook
<div class="credit"><a href="/u/42" title="Photographer">J. Smith</a></div>
[Home](https://example.com/) [News](https://example.com/news)

The plan was first proposed in 2015 and revised
twice before the vote.

The plan was first proposed in 2015 and revised twice before the vote.
The plan was first proposed in 2015 and revised twice before the vote.

Failed to load comments
© 2024 Example Media Group. All rights reserved.
Sign up for our newsletter
A New Channel for the Harbour
"""


def review_of(run_cli, *args, text=ARTICLE):
    result = run_cli("check", "-", "--format", "json", *args, input=text)
    assert result.exit_code == 0, result.stderr
    review = json.loads(result.stdout)
    validation.validate("review", review)
    assert validation.offset_errors(review) == []
    return review, result


def test_furniture_is_dropped_by_general_rules(run_cli):
    review, _ = review_of(run_cli)
    document = review["documents"][0]["document"]
    dropped = [(document["text"][d["start"]:d["end"]], d["reason"])
               for d in document["metadata"]["dropped"]]
    headline = "A New Channel for the Harbour"
    assert dropped == [
        (headline, "short line without a verb"),
        ("12 min read Published on 3 June 2024", "reading time"),
        (headline, "repeated line"),  # repeated by the page's header...
        (headline, "repeated line"),
        ("In This Story", "short line without a verb"),
        ("Share this story on Facebook", "interface text"),
        ('<div class="credit"><a href="/u/42" title="Photographer">J. Smith</a></div>',
         "stray markup"),
        ("[Home](https://example.com/) [News](https://example.com/news)", "link-dense line"),
        ("Failed to load comments", "interface text"),
        ("© 2024 Example Media Group. All rights reserved.", "licence or copyright notice"),
        ("Sign up for our newsletter", "interface text"),
        (headline, "repeated line"),  # ...and footer
    ]


def test_article_text_is_kept_and_offsets_stay_exact(run_cli):
    review, _ = review_of(run_cli)
    entry = review["documents"][0]
    text = entry["document"]["text"]
    assert text == ARTICLE, "the text is never changed"
    claims = [c["text"] for c in entry["claims"]]
    assert ("The port authority approved a dredging plan that will cost $40 million over "
            "four years.") in claims
    assert "The plan was first proposed in 2015 and revised\ntwice before the vote." in claims
    # repeated sentences are content: each occurrence stays a claim with its own id
    repeats = [c for c in entry["claims"]
               if c["text"] == "The plan was first proposed in 2015 and revised twice before "
                               "the vote."]
    assert len(repeats) == 2 and repeats[0]["id"] != repeats[1]["id"]
    assert not any("newsletter" in c or "Facebook" in c or "min read" in c for c in claims)


def test_dateline_dates_the_document(run_cli):
    review, _ = review_of(run_cli)
    assert review["documents"][0]["document"]["published"] == "2024-06-03"


def test_wrapped_prose_and_short_lines_with_figures_are_kept(run_cli):
    text = ("Revenue for the port\nrose to a record in the last quarter of the year "
            "and is expected\nto keep rising.\n\nUp 12 per cent\n")
    review, _ = review_of(run_cli, text=text)
    assert "dropped" not in review["documents"][0]["document"].get("metadata", {})


def test_show_dropped_prints_line_reason_and_text(run_cli):
    result = run_cli("check", "-", "--show-dropped", input=ARTICLE)
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("dropped:")]
    assert "dropped: <stdin>: line 3: reading time: '12 min read Published on 3 June 2024'" in lines
    assert len(lines) == 12
    quiet = run_cli("check", "-", input=ARTICLE)
    assert "dropped:" not in quiet.stderr


class DropFirstWord:
    """A boilerplate plugin marking the first word of every document."""

    @hookimpl
    def find_boilerplate(self, document):
        end = document["text"].index(" ")
        return [{"start": 0, "end": end, "reason": "first word"},
                {"start": 5, "end": 10 ** 9, "reason": "out of range"}]


def test_hook_find_boilerplate(run_cli, register_plugin):
    register_plugin(DropFirstWord(), "drop_first_word")
    result = run_cli("check", "-", "--format", "json",
                     input="Officials said 42 boats sank in 2019.")
    assert result.exit_code == 0
    assert "plugin drop_first_word failed on <stdin>: returned a boilerplate range" in (
        result.stderr)
    entry = json.loads(result.stdout)["documents"][0]
    assert entry["document"]["metadata"]["dropped"] == [
        {"start": 0, "end": 9, "reason": "first word", "plugin": "drop_first_word"}]
    assert [c["text"] for c in entry["claims"]] == ["said 42 boats sank in 2019."]


def test_hook_find_boilerplate_documented_example(register_plugin, run_cli):
    import inspect
    import types

    from workbench import hookspecs

    example = inspect.getdoc(hookspecs.find_boilerplate).partition("Example::")[2]
    module = types.ModuleType("example_find_boilerplate")
    exec(compile(inspect.cleandoc(example), "<example>", "exec"), module.__dict__)
    register_plugin(module, "example_find_boilerplate")
    text = "Officials said 42 boats sank in 2019.\nAdvertisement\nThe port reopened in 2020.\n"
    result = run_cli("check", "-", "--format", "json", input=text)
    entry = json.loads(result.stdout)["documents"][0]
    assert {"start": 38, "end": 51, "reason": "advertisement",
            "plugin": "example_find_boilerplate"} in entry["document"]["metadata"]["dropped"]
    assert "Advertisement" not in [c["text"] for c in entry["claims"]]
