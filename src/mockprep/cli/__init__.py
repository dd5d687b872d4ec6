"""The terminal interface: a thin Typer layer over the domain packages."""
