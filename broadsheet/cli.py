"""The `broadsheet` command: Django's management commands with dashed names.

`broadsheet import-text FILE` runs the `import_text` management command;
`broadsheet --help` lists every command. This module holds no logic of its own.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, accepting `import-text` for `import_text`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "broadsheet"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        if args[1] == "help" and len(args) > 2:  # broadsheet help import-text
            args[2] = args[2].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
