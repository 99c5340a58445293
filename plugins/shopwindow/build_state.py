"""Shopwindow's per-build state, kept off Pelican's shared context.

Pelican hands its context to every plugin (``content_written`` sends it with each file it writes), so
what Shopwindow reads in one generator and uses in another that is private (jobs, reports, private
documents, the files they link) lives in a ``BuildState`` found *from* the context, never *in* it. A
new Pelican run has a new context and so a new state; ``forget_builds`` (``finalized``) drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_BUILDS: dict[int, tuple[dict, BuildState]] = {}


@dataclass
class BuildState:
    loaded: dict[str, Any] = field(default_factory=dict)  # read once per build (``per_build``)
    documents: list = field(default_factory=list)  # PrivateDocument: everything to seal
    linked_files: dict[str, str] = field(
        default_factory=dict
    )  # file a private page uses -> the page
    private_sources: set[str] = field(default_factory=set)  # files Pelican's readers turned away
    output_path: str = ""
    public_files: set[str] = field(default_factory=set)  # below output_path: Shopwindow wrote them
    # A part will write a page (set in generate_context): the scripts and styles are written too.
    writes_pages: bool = False
    menu: dict[str, tuple[str, str]] = field(default_factory=dict)  # menu.add_to_menu: key -> item
    share_images: set[str] = field(default_factory=set)  # cache keys of this build's share images


def build_state(context: dict) -> BuildState:
    """The state of the build ``context`` belongs to (the context object is kept with it, so its id is
    never reused while the entry lives)."""
    entry = _BUILDS.get(id(context))
    if entry is None or entry[0] is not context:
        entry = (context, BuildState())
        _BUILDS[id(context)] = entry
    return entry[1]


def per_build(context: dict, key: str, load):
    """What ``load()`` returns, computed once per build."""
    loaded = build_state(context).loaded
    if key not in loaded:
        loaded[key] = load()
    return loaded[key]


def builds_writing(output_path: str) -> list[BuildState]:
    """The states of the builds writing into ``output_path`` (for ``finalized``, which has no context)."""
    return [state for _, state in _BUILDS.values() if state.output_path == output_path]


def forget_builds(*_) -> None:
    """finalized: a build's state is not needed once its files are written."""
    _BUILDS.clear()
