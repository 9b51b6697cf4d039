"""``fin-infra demo``: a worked example of what the library does, printed to the terminal."""

from __future__ import annotations


def demo() -> None:
    """Print a worked loan and investment example computed with fin-infra."""
    from rich.console import Console

    from fin_infra.money import Money

    console = Console()
    console.print(f"Money: {Money('0.10', 'USD') + Money('0.20', 'USD')}")
