"""Write docs/cli.md from the `--help` of every `broadsheet` command.

    .venv/bin/python scripts/cli_reference.py          # rewrite docs/cli.md
    .venv/bin/python scripts/cli_reference.py --check  # exit 1 if it is stale

The help texts are the documentation; this page is only their copy, so the two
cannot drift apart (a test runs --check).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "cli.md"
INTRO = """# The `broadsheet` command

Every command Broadsheet adds to Django's, as `broadsheet --help` lists them
(`broadsheet help COMMAND` or `broadsheet COMMAND --help` prints one). Django's
own commands (`migrate`, `createsuperuser`, `check`, …) work too, and every
command also takes Django's common options (`--verbosity`, `--settings`,
`--traceback`, …), left out below. This page is generated from the commands'
own help by `make docs`; a test fails when it is stale.
"""
DJANGO_OPTIONS = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def render() -> str:
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal's width
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    sections = [INTRO]
    ours = sorted(
        (name, app)
        for name, app in get_commands().items()
        if app.startswith("broadsheet")
    )
    for name, app in ours:
        dashed = name.replace("_", "-")
        command = load_command_class(app, name)
        command.suppressed_base_arguments = DJANGO_OPTIONS
        parser = command.create_parser("broadsheet", dashed)
        sections.append(f"## broadsheet {dashed}\n\n```\n{parser.format_help()}```\n")
    return "\n".join(sections)


def main(argv: list[str]) -> int:
    page = render()
    if "--check" in argv:
        if PAGE.exists() and PAGE.read_text() == page:
            return 0
        print(f"{PAGE} is stale: run `make docs`", file=sys.stderr)
        return 1
    PAGE.write_text(page)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
