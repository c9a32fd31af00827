"""A copy of the shipped options_params.toml is a valid --params file (was: "unknown key
'bounds'"), and the declarations it carries (bounds, scale, the ladder) are checked, not
ignored."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alignscope.assess.options import load_params
from alignscope.assess.options.params import DEFAULT_FILE, shipped
from alignscope.cli import main
from alignscope.errors import UsageError


@pytest.fixture
def copy(tmp_path):
    path = tmp_path / "copy.toml"
    path.write_bytes(DEFAULT_FILE.read_bytes())
    return path


def test_an_unmodified_copy_changes_nothing(copy):
    assert load_params(copy) == shipped()  # every origin stays "shipped"


def test_a_copy_with_one_default_changed_marks_only_that_one(copy):
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("[coercion_loss]\nlabel", "[coercion_loss]\ndefault = 0.2\nlabel"
                                 ).replace("default = 0.1\nlow = 0.02", "low = 0.02"),
                    encoding="utf-8")  # fmt: skip
    params = load_params(copy)
    assert params["coercion_loss"].default == 0.2 and params["coercion_loss"].origin == "file"
    assert all(p.origin == "shipped" for n, p in params.items() if n != "coercion_loss")


@pytest.mark.parametrize(
    "old, new, needle",
    [
        ("bounds = [0.0, 1.0]", "bounds = [0.0, 2.0]", "bounds are fixed at [0, 1]"),
        ("bounds = [0.0, 1.0]", "bounds = [0.0]", "bounds must be a list of two numbers"),
        ("bounds = [0.0, 1.0]", "bounds = [0.0, 'x']", "finite number"),
        ('\nscale = "log"', '\nscale = "linear"', "scale is fixed at 'log'"),
        ('label = "partner\'s support under tacit alignment"', "label = 3", "must be text"),
        ('name = "unaligned"', 'name = "none at all"', "the [ladder] table differs"),
    ],
)
def test_changed_declarations_in_a_copy_are_refused(copy, old, new, needle):
    text = copy.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_params(copy)
    assert needle in str(caught.value) and str(copy) in str(caught.value)


def test_a_changed_reason_is_a_note_not_an_error(copy):
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace('reason = """', 'reason = """My note. ', 1), encoding="utf-8")
    assert load_params(copy) == shipped()


def test_the_command_with_a_copy_gives_the_same_result(copy, tmp_path):
    db = str(tmp_path / "store.duckdb")
    args = ["--db", db, "options", "TWN", "JPN", "--year", "2011", "--draws", "200",
            "--format", "json"]  # fmt: skip
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0, plain.output
    with_copy = CliRunner().invoke(main, [*args, "--params", str(copy)])
    assert with_copy.exit_code == 0, with_copy.output
    assert with_copy.stdout == plain.stdout
