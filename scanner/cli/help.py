"""Help that reads cleanly: ``metavar`` names instead of Typer's ``<int>``/``<bool>`` labels.

Typer labels an option by its Python type (``--depth <int range>``, ``--email <bool>``). The
root group here gives every option without an explicit ``metavar`` a conventional one when a
command is looked up (help, completion or a run): a flag or a counter shows nothing, an option
with a value shows its name (``--max-pages MAX_PAGES``). Commands registered by any module get
it, so new options need no extra care.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


def tidy_options(params: Any) -> None:
    """Clean metavars for these parameters (an explicit metavar is kept)."""
    for param in params:
        if getattr(param, "param_type_name", "") == "argument":
            # The name column already says what it is; Typer's type column would add <str>.
            param.display_type_rich = _no_type_label
            continue
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.metavar = ""
        else:
            param.metavar = (param.name or "value").upper()


def _no_type_label(ctx: Any) -> None:
    return None


def tidy(command: Any, ctx: Any) -> Any:
    """``tidy_options`` for ``command`` (its ``--help`` too) and, recursively, its subcommands."""
    tidy_options([*getattr(command, "params", ()), *_help_option(command, ctx)])
    for sub in getattr(command, "commands", {}).values():
        tidy(sub, ctx)
    return command


def _help_option(command: Any, ctx: Any) -> list[Any]:
    """The command's ``--help`` option (made and cached by the command on first use)."""
    get = getattr(command, "get_help_option", None)
    option = get(ctx) if get is not None else None
    return [option] if option is not None else []


class HelpGroup(TyperGroup):
    """The root group: commands come out of ``get_command`` with tidy metavars."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name`` (None when unknown), its options tidied."""
        command = super().get_command(ctx, cmd_name)
        return tidy(command, ctx) if command is not None else None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root's own help, with its own options tidied first."""
        tidy_options([*self.params, *_help_option(self, ctx)])
        super().format_help(ctx, formatter)
