"""The privacy scan of ``shopwindow check``: nothing private in any output byte or output path.

What is private comes from ``check.py`` as strings (each with the file it comes from) and files:

- Every private string of ``MIN_CHARACTERS`` or more (a title, a name, a file name, the EXIF text of a
  private photo) is a pattern, and so is every run of ``WINDOW_WORDS`` words (every ``WINDOW_STRIDE``
  words) of a private text (a note, a page's body, a testimonial that is not public): a leaked run of
  ``WINDOW_WORDS + WINDOW_STRIDE - 1`` words or more always contains one. Patterns are case-folded, and
  a short one only matches as whole words.
- A private string that also occurs in a public source (public content, the theme, the settings, the
  calendar's names of months and days) proves nothing when it shows in the output: it is dropped.
- The text of the output is read line by line, each distinct line once (templates repeat most lines
  on every page), leaving out lines a public source holds as they are; entities and JSON escapes are
  undone, white space folded, ASCII letters lower-cased (a pattern with other letters comes in its
  cases and JSON escapes instead). That text is then cut at the characters that bound a value in
  HTML and JSON (``<``, ``>``, ``"``) and each distinct piece kept once: a testimonial's words show
  in a page's body, its meta tags, its JSON-LD, the wall, the feed, but are matched once, and not at
  all where a public source holds the same piece (a public testimonial's words). One
  Aho-Corasick automaton (ahocorasick-rs) finds every pattern in one pass over the pieces, so the
  scan is linear in the size of the output whatever the number of patterns; the few patterns that
  hold one of those characters are matched by a second automaton over the uncut text. Output paths
  are scanned the same way (``ion-popescu/`` is ``Ion Popescu``). The output's first levels are
  listed here and the files and folders found shared out among the cores, which walk the folders
  they are given (a walk of 20,000 folders in one process would keep the other cores waiting);
  what is found is put in the order of the walk at the end, whatever the shares.
- Every output file is also compared with the private files: one of the same size is hashed, and an
  identical one is a copy. Sealed files (``j/**/*.bin``, starting with the format's magic) are
  ciphertext and are not read as text; anything else under ``j/`` but a page is reported. Images are
  checked for metadata (EXIF, XMP, GPS), and so are videos (a location, any tag playback does not
  need, the encoder's name: ``photos.video.metadata_in``). Compressed copies (``.gz``, ``.br``, ``.zst``) are read as
  what they decompress to.
"""

from __future__ import annotations

import base64
import bisect
import contextlib
import functools
import gzip
import hashlib
import html
import io
import itertools
import os
import random
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ahocorasick_rs import BytesAhoCorasick, Implementation
from PIL import Image

from .access.format import NONCE_BYTES, TAG_BYTES, AccessError, open_sealed
from .parallel import in_forked_processes, workers
from .photos.video import VIDEO_SUFFIXES, metadata_in

MIN_CHARACTERS = 4
WINDOW_WORDS = 6
WINDOW_STRIDE = 3
WHOLE_WORDS_BELOW = 12  # shorter patterns only match between non-letters
DFA_PATTERN_CHARACTERS = 200_000
SEALED_MAGIC = b"SW1"
# The output's files and folders are dealt out in this many shares per core, handed to the cores as
# each is free: one share holding a big page (a wall of 10,000 testimonials) then does not keep one
# core busy while the other waits. Lines repeat within a share far more than across shares.
SHARES_PER_CORE = 8
# The output is listed here down to the first level with this many folders (and at least this many
# levels); the cores walk what is below them.
SHARE_FROM_FOLDERS = 256
LISTED_LEVELS = 2
# An output listed whole with fewer files than this is scanned in one process: forking costs more
# than it saves (an example site of 150 files is scanned in a few milliseconds).
FORK_FROM_FILES = 2000
# Below this many bytes of distinct text (after the line dedupe) it is matched without being cut into
# pieces; the results are the same either way (a test compares them).
CUT_FROM_BYTES = 1_000_000
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".avif"}
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".atom", ".rss", ".json", ".js", ".css", ".svg", ".txt"}
METADATA_MARKERS = {
    b"Exif\x00\x00": "an EXIF block",
    b"<x:xmpmeta": "an XMP packet",
    b"http://ns.adobe.com/xap/1.0/": "an XMP packet",
    b"<?xpacket": "an XMP packet",
}
_PATH_SEPARATORS = re.compile(r"[-_./\\%\s]+")
_NUMBERS_ONLY = re.compile(r"[\d\s:.,/+-]+")
# What the output's formats encode text as, undone before matching, in one pass (so "&amp;lt;" stays
# "&lt;"): HTML's character references (named, decimal, hexadecimal), JSON's \u escapes (with
# surrogate pairs), URL encoding (%XX runs, and "+" for a space, in patterns too).
_ENCODED = re.compile(
    rb"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    rb"|\\u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})*"
    rb"|%[0-9a-fA-F]{2}(?:%[0-9a-fA-F]{2})*"
)
_FOLD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\x0b\x0c+", b"abcdefghijklmnopqrstuvwxyz      "
)  # ASCII letters lowered and ASCII white space (and a URL's "+") made a space
_SPACES = re.compile(rb"  +")
_CUT = bytes.maketrans(b'<>"', b"\0\0\0")  # where text is cut into pieces (see _text_problems)


class Note(str):
    """What the scan reports without failing: harmless metadata in an image Shopwindow did not write
    (a theme's PNG saying which program made it)."""


@dataclass(frozen=True)
class PrivateString:
    origin: str  # the file it comes from, as people know it
    text: str
    long: bool = False  # a text (note, body): matched by runs of words, not whole
    always: bool = False  # kept even if it is only digits (a phone number, a job ID)
    phone: bool = False  # a phone number: also matched by its digits, however it is written


@dataclass(frozen=True)
class PrivateFile:
    origin: str
    path: Path


def fold(data: bytes) -> bytes:
    """Output text as the scan compares it: in Unicode's composed form (NFC: "s" + comma below is
    "ș"; looked at where the text holds combining diacritical marks, U+0300 to U+036F, the ones Latin
    and Cyrillic letters decompose into), white space (and "+") folded, ASCII letters in lower case (other letters are matched in the
    cases a pattern comes in, see ``_forms``). The same as ``b" ".join(data.lower().split())``,
    without making a bytes object of every word."""
    if not data.isascii() and (b"\xcc" in data or b"\xcd" in data):  # combining marks U+0300-036F
        text = data.decode("utf-8", "surrogateescape")
        if not unicodedata.is_normalized("NFC", text):
            data = unicodedata.normalize("NFC", text).encode("utf-8", "surrogateescape")
    return _SPACES.sub(b" ", data.translate(_FOLD)).strip(b" ")


def fold_path(text: str) -> bytes:
    return _PATH_SEPARATORS.sub(" ", text.lower()).strip().encode()


def _runs(text: str) -> set[str]:
    """Runs of words of a text, white space folded, case kept."""
    words = text.split()
    if len(words) <= WINDOW_WORDS:
        return {" ".join(words)}
    last = len(words) - WINDOW_WORDS
    starts = [*range(0, last, WINDOW_STRIDE), last]
    return {" ".join(words[i : i + WINDOW_WORDS]) for i in starts}


def _forms(written: str) -> set[bytes]:
    """The byte strings ``written`` may show as in folded output. ASCII text: folded. Text with other
    letters: as written, in lower case, capitalised and in capitals (cheaper than lower-casing the
    output letter by letter)."""
    written = unicodedata.normalize("NFC", written)
    if written.isascii():
        return {fold(written.encode())}
    cases = {written, written.lower(), written.title(), written.upper()}
    return {fold(case.encode()) for case in cases}


# A phone number is found by its digits however it is written (+373 69 000 045, tel:+37369000045,
# 069-000-045): in the text with the separators numbers are written with taken out, by its last
# PHONE_DIGITS digits (the subscriber's number, without a country or trunk prefix), where no digit
# follows them.
PHONE_DIGITS = 8
MIN_PHONE_DIGITS = 7
PHONE_SEPARATORS = b" .()/-"
_NOT_DIGITS = bytes(b for b in range(256) if not chr(b).isdigit())


def _digits(data: bytes) -> bytes:
    return data.translate(None, _NOT_DIGITS)


class _Phones:
    """The private phone numbers, by their last digits, found in one Aho-Corasick pass."""

    def __init__(self, phones: dict[bytes, tuple[str, str]]):
        self.keys = list(phones)
        self.meanings = [phones[key] for key in self.keys]
        self.automaton = BytesAhoCorasick(self.keys) if self.keys else None

    def without(self, public: set[str]) -> _Phones:
        return _Phones(
            {k: m for k, m in zip(self.keys, self.meanings, strict=True) if m[0] not in public}
        )

    def matches(self, haystack: bytes):
        """(the number as written, the private number, its origin) of each one found."""
        if self.automaton is None:
            return
        joined = haystack.translate(None, PHONE_SEPARATORS)
        for index, start, end in self.automaton.find_matches_as_indexes(joined, overlapping=True):
            if end < len(joined) and joined[end : end + 1].isdigit():
                continue  # more digits follow: another number
            yield joined[start:end], *self.meanings[index]


# A number plate (CH AB 123) is also written without its spaces or with other separators: a run of
# two to four short groups of letters and digits, holding both, in every way of joining its groups.
_PLATE = re.compile(r"(?<![^\W_])[A-Za-z0-9]{1,4}(?:[ .-][A-Za-z0-9]{1,4}){1,3}(?![^\W_])")
_PLATE_JOINS = ("", " ", "-", ".")


def _plate_forms(text: str) -> dict[bytes, str]:
    """Each way of writing each plate in ``text``, with the plate as written (lowered): a plate is a
    private string of its own, so that one that is public too (a bay named "lift-2" in the
    settings) drops only itself, not the text it came from ("Ion, lift 2")."""
    forms = {}
    for plate in _PLATE.finditer(text):
        groups = re.split(r"[ .-]", plate.group())
        joined = "".join(groups)
        if len(joined) < 5 or joined.isdigit() or joined.isalpha():
            continue
        for joins in itertools.product(_PLATE_JOINS, repeat=len(groups) - 1):
            written = groups[0] + "".join(j + g for j, g in zip(joins, groups[1:], strict=True))
            forms.update(dict.fromkeys(_forms(written), plate.group().lower()))
    return forms


def _base64_forms(text: str) -> set[bytes]:
    """What ``text`` (as written) shows as inside a base64 run (a data: URL, an attribute), at each
    of the three places it can start in a group of 3 bytes: the characters that depend on its bytes
    alone, when there are at least WHOLE_WORDS_BELOW of them (a text of 11 bytes or more), so that
    they match inside a longer run and by chance never."""
    data = text.encode()
    forms = set()
    for before in range(3):
        encoded = base64.b64encode(b"\0" * before + data)
        end = len(encoded) - (4 if (before + len(data)) % 3 else 0)
        core = encoded[4 if before else 0 : end]
        if len(core) >= WHOLE_WORDS_BELOW:
            forms.add(fold(core))
    return forms


def _wanted(pattern: str, always: bool) -> bool:
    return len(pattern) >= MIN_CHARACTERS and (always or not _NUMBERS_ONLY.fullmatch(pattern))


def _letter(byte: int) -> bool:
    """Part of a word: an ASCII letter or digit, or a byte of a non-ASCII letter."""
    return byte >= 0x80 or chr(byte).isalnum()


class _Matcher:
    """An Aho-Corasick automaton over byte patterns, each with the private string it stands for."""

    def __init__(self, patterns: dict[bytes, tuple[str, str]]):
        self.patterns = list(patterns)
        self.meanings = [patterns[p] for p in self.patterns]  # (the string folded, its origin)
        # A full DFA is the fastest to run and grows with the patterns: for a small site's patterns
        # it is worth it; a big site's are left to the library's own choice.
        small = sum(map(len, self.patterns)) < DFA_PATTERN_CHARACTERS
        implementation = Implementation.DFA if small else None
        self.automaton = (
            BytesAhoCorasick(self.patterns, implementation=implementation)
            if self.patterns
            else None
        )

    def occurs_in(self, haystack: bytes) -> bool:
        """Whether any pattern is anywhere in ``haystack``, a word or not."""
        return self.automaton is not None and bool(self.automaton.find_matches_as_indexes(haystack))

    def matches(self, haystack: bytes) -> Iterable[tuple[bytes, str, str]]:
        """(the bytes matched, the private string, its origin) of every whole-word match."""
        for start, end, string, origin in self.places(haystack):
            yield haystack[start:end], string, origin

    def places(self, haystack: bytes) -> Iterable[tuple[int, int, str, str]]:
        """(start, end, the private string, its origin) of every whole-word match, in order."""
        if self.automaton is None:
            return
        for index, start, end in self.automaton.find_matches_as_indexes(haystack, overlapping=True):
            if end - start < WHOLE_WORDS_BELOW and (
                (start > 0 and _letter(haystack[start - 1]))
                or (end < len(haystack) and _letter(haystack[end]))
            ):
                continue
            yield start, end, *self.meanings[index]


def _private_forms(strings: Iterable[PrivateString]) -> tuple[dict, dict, dict]:
    """Every form each private string may take in the output (folded, spaced, as a plate, in
    base64), with (the string folded, its origin): as text, as a path, and phone numbers by their
    last PHONE_DIGITS digits."""
    text_forms: dict[bytes, tuple[str, str]] = {}
    path_forms: dict[bytes, tuple[str, str]] = {}
    numbers: dict[bytes, tuple[str, str]] = {}
    for item in strings:
        if item.phone and len(digits := _digits(item.text.encode())) >= MIN_PHONE_DIGITS:
            numbers.setdefault(digits[-PHONE_DIGITS:], (item.text.lower(), item.origin))
        for written in _runs(item.text) if item.long else [" ".join(item.text.split())]:
            folded = written.lower()
            if not _wanted(folded, item.always):
                continue
            for form in _forms(written) | (set() if item.long else _base64_forms(written)):
                text_forms.setdefault(form, (folded, item.origin))
            for form, plate in ({} if item.long else _plate_forms(written)).items():
                text_forms.setdefault(form, (plate, item.origin))
            if not item.long:
                form = fold_path(written)
                if _wanted(form.decode(), item.always):
                    path_forms.setdefault(form, (folded, item.origin))
    return text_forms, path_forms, numbers


class PrivacyScan:
    def __init__(
        self,
        strings: Iterable[PrivateString],
        files: Iterable[PrivateFile],
        public_texts: Iterable[str] = (),
        private_folder: str = "j/",
        own_folders: tuple[str, ...] | None = None,
        sealed_keys: dict[str, bytes] | None = None,
    ):
        self.private_folder = private_folder
        self.sealed_keys = sealed_keys or {}  # slug -> content key: sealed files are opened
        # Where Shopwindow writes images (its photos, share images, charts): any metadata there is a
        # problem; elsewhere (a theme's, the site's own) only what can be private. None: everywhere.
        self.own_folders = own_folders
        self.notes: list[str] = []
        text_forms, path_forms, numbers = _private_forms(strings)
        self._drop_public(text_forms, path_forms, _Phones(numbers), public_texts)
        self.files_by_size: dict[int, list[PrivateFile]] = {}
        for file in files:
            with contextlib.suppress(OSError):
                if size := file.path.stat().st_size:  # (an empty file, a job's lock, holds nothing)
                    self.files_by_size.setdefault(size, []).append(file)
        self._digests: dict[Path, str] = {}

    def _drop_public(self, text_forms: dict, path_forms: dict, phones: _Phones,
                     public_texts: Iterable[str]) -> None:  # fmt: skip
        """The matchers, without what public sources say too: seen in the output, it proves nothing.
        And a line of output that a public source holds as it is, is public."""
        everything = _Matcher(text_forms)
        public: set[str] = set()
        self.public_lines: set[bytes] = set()
        self.public_pieces: set[bytes] = set()  # see _text_problems
        for text in public_texts:
            data = text.encode()
            public.update(string for _, string, _ in everything.matches(fold(data)))
            public.update(string for _, string, _ in phones.matches(fold(data)))
            self.public_lines.update(data.split(b"\n"))
            self.public_pieces.update(_pieces(data))
        self.dropped = len(public)
        self.patterns = len({string for string, _ in text_forms.values()} - public)
        kept = {form: meaning for form, meaning in text_forms.items() if meaning[0] not in public}
        cut = {form for form in kept if form != form.translate(_CUT)}
        self.text = _Matcher({form: kept[form] for form in kept.keys() - cut})
        self.text_across_cuts = _Matcher({form: kept[form] for form in cut})
        # What a pattern across cuts shows in a piece, whatever the cuts around it: its longest part
        # between cuts (see _text_problems). A part too short to say anything: looked for whole.
        longest = {form: max(form.translate(_CUT).split(b"\0"), key=len) for form in cut}
        self.across_probes = _Matcher({part: kept[form] for form, part in longest.items()})
        self.across_always = any(len(part) < MIN_CHARACTERS for part in longest.values())
        self.paths = _Matcher({f: m for f, m in path_forms.items() if m[0] not in public})
        self.phones = phones.without(public)

    # ------------------------------------------------------------------ the scan
    def scan(self, output: Path) -> list[str]:
        """Every problem of the output, in the order of its files (the walk's: a folder's files,
        then its folders, by name). The output's first levels are listed here down to where there
        are ``SHARE_FROM_FOLDERS`` folders; those folders and the files found so far are shared out
        among the cores (``parallel.in_forked_processes``), which walk the folders they are given.
        A text problem is reported once."""
        files, folders, links = _first_levels(str(output), SHARE_FROM_FOLDERS)
        count = SHARES_PER_CORE * workers() if folders or len(files) >= FORK_FROM_FILES else 1
        paths: list[tuple[str, str]] = [("", problem) for problem in links]
        found: list[tuple[str, str]] = []
        texts: dict[str, tuple] = {}  # private string -> (first file, its label, first origin)
        for path_problems, file_problems, text_problems in in_forked_processes(
            self._scan_share, _shares(files, folders, count)
        ):
            paths += path_problems
            found += file_problems
            for string, file, label, origin in text_problems:
                first = texts.get(string, (file, label, origin))
                if _walk_order(file) < _walk_order(first[0]):
                    first = (file, label, first[2])
                texts[string] = (*first[:2], min(origin, first[2]))
        found = _in_walk_order(paths) + _in_walk_order(found)
        found += _in_walk_order(
            (file, f"{label}: contains text of {origin}, which is not public")
            for file, label, origin in texts.values()
        )
        lines = list(dict.fromkeys(problem for _, problem in found))  # each line once
        self.notes = [line for line in lines if isinstance(line, Note)]
        return [line for line in lines if not isinstance(line, Note)]

    def _scan_share(self, share: tuple[list[tuple[str, str]], list[tuple[str, str]]]):
        """(problems of paths, of single files, of text) of a share's files and of every file
        below its folders, each problem with the file it is about (its path below the output)."""
        files, folders = share
        files, links = [*files], []
        _walk(folders, files, links)
        paths = [("", problem) for problem in links]
        paths += self._path_problems([relative for relative, _ in files])
        problems: list[tuple[str, str]] = []
        texts: list[tuple[str, str, bytes]] = []  # (file, label, bytes) of every file read as text
        for file, path in files:
            relative = file
            data = self._read(path, relative)
            if isinstance(data, str):
                if data:
                    problems.append((file, data))
                continue
            name = relative
            compressed = relative.rsplit(".", 1)[-1]
            if compressed in DECOMPRESSORS:
                name = relative[: -len(compressed) - 1]
                relative, data = f"{relative} (decompressed)", _decompressed(compressed, data)
                if isinstance(data, str):
                    problems.append((file, f"{relative}: {data}"))
                    continue
            dot = name.rfind(".")
            suffix = name[dot:].lower() if dot > name.rfind("/") else ""
            found = []
            if len(data) in self.files_by_size:
                found += self._copies(relative, data)
            if name.startswith(self.private_folder):
                if suffix == ".bin" and data.startswith(SEALED_MAGIC):
                    problems += [(file, problem) for problem in found]
                    continue  # ciphertext
                if not name.endswith("/index.html"):
                    found.append(
                        f"{relative}: is in the private folder {self.private_folder} but is not sealed"
                    )
            if suffix in IMAGE_SUFFIXES:
                found += _image_problems(relative, data, own=self._own(name))
                if tail := _after_png_end(data):
                    texts.append((file, f"{relative} (after its end)", tail))
            elif suffix in VIDEO_SUFFIXES:
                found += [f"{relative}: carries {what}" for what in metadata_in(data)]
            elif suffix in DOCUMENT_TEXT:
                text = DOCUMENT_TEXT[suffix](data)
                if isinstance(text, str):  # said, not failed: its bytes were compared all the same
                    found.append(Note(f"{relative}: {text}"))
                else:
                    texts.append((file, f"{relative} (its text)", text))
            elif _is_text(data, suffix):
                texts.append((file, relative, data))
                if suffix == ".svg":  # words split into <tspan>s, joined as they are drawn
                    texts.append((file, relative, _svg_text(data)))
            problems += [(file, problem) for problem in found]
        return paths, problems, self._text_problems(texts)

    def _read(self, path: str, relative: str) -> bytes | str:
        """What the scan reads of a file (plain ``os`` calls: tens of thousands of files): the
        whole file; a PNG without its pixels; a sealed file as far as judging it takes. A str: the
        scan of the file ends here, with that problem ("": none, ciphertext that tells nothing)."""
        handle = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(handle).st_size
            if relative.endswith(".bin") and relative.startswith(self.private_folder):
                data = os.read(handle, min(size, SEALED_OPENED_UP_TO))
                if data.startswith(SEALED_MAGIC):
                    problem = self._sealed_problem(relative, data, size)
                    if problem or size not in self.files_by_size:
                        return problem or ""  # no private file has its size: it tells nothing
            elif relative.endswith(".png") and size not in self.files_by_size:
                return _png_without_pixels(handle)  # (one of a private file's size: read whole)
            else:
                data = b""
            return data + read_rest(handle, size - len(data))
        finally:
            os.close(handle)

    def _sealed_problem(self, relative: str, data: bytes, size: int) -> str | None:
        """A file under the private folder that starts as sealed files do must be one. Up to
        ``SEALED_OPENED_UP_TO`` bytes (every page's view, most photos) it is opened with its job's key
        (``sealed_keys``: the slug's content key, from the site secret): its layout, length and tag.
        A bigger one (a clip, a film's segment), and any in a folder of no job known here, must have
        the layout's length and be ciphertext in its first bytes: not text, not a known file type.
        ``data``: the whole file, or its first ``SEALED_OPENED_UP_TO`` bytes."""
        slug, _, name = relative[len(self.private_folder) :].partition("/")
        if size < SEALED_MINIMUM:
            return f"{relative}: starts like a sealed file but is too short to be one"
        key = self.sealed_keys.get(slug)
        if key is not None and len(data) == size:
            try:
                open_sealed(key, slug, name, data)
            except AccessError:
                return (
                    f"{relative}: starts like a sealed file but does not open with its job's key:"
                    " it is not sealed (or was changed)"
                )
            return None
        body = data[len(SEALED_MAGIC) + NONCE_BYTES :][:4096]
        if body.startswith(PLAIN_SIGNATURES) or body[4:8] == b"ftyp":
            return f"{relative}: starts like a sealed file but holds a plain file after it"
        if len(body) - len(body.translate(None, _PRINTABLE)) > 0.85 * len(body):
            return f"{relative}: starts like a sealed file but is plain text after it"
        return None

    def _own(self, name: str) -> bool:
        return self.own_folders is None or name.startswith(self.own_folders)

    def _path_problems(self, relatives: list[str]) -> list[tuple[str, str]]:
        """(the path, problem) of each path below the output that names something private."""
        folded = fold_path("\0".join(relatives)).split(b"\0")
        return [
            (relative, f"{relative}: its path names {origin}, which is private")
            for relative, origin in _first_match_each(self.paths, relatives, folded)
        ]

    def _text_problems(
        self, texts: list[tuple[str, str, bytes]]
    ) -> list[tuple[str, str | None, str, str]]:
        """All the text at once: each line once (templates repeat most lines on every page), lines a
        public source holds left out, then one pass of each step over what is left. Each private
        string found: (the string, the first file showing it (None: none alone), how that file is
        named, the first origin of the string)."""
        # Every line once, in the order first seen (one dict made from all the files at once).
        lines = dict.fromkeys(
            itertools.chain.from_iterable(data.split(b"\n") for *_, data in texts)
        )
        for public in self.public_lines.intersection(lines):
            del lines[public]
        raw = b"\n".join(lines)
        if len(raw) < CUT_FROM_BYTES:  # (little text is matched as it is: cutting costs more)
            haystack = _unescaped_and_folded(raw)
            found = list(self.text_across_cuts.matches(haystack))
        else:
            # Cut at '<', '>' and '"' (tags, attributes, JSON strings) into pieces, each piece once:
            # the text of a big output is mostly the same pieces in other places (a wall's cards are
            # its service pages' too). No encoded run holds a cut, so each piece is decoded and
            # folded alone as it reads in its file, and only the distinct pieces are. A piece that a
            # public source holds as it is, is public (what it shows, that source shows): left out.
            # A phone number holds no cut: it is looked for in what is left too.
            pieces = _pieces(raw)
            found = []
            # A pattern holding a cut (`17" alloy wheels`) reads whole only in the text uncut,
            # which is decoded whole when the longest part of one is in some piece (its every part
            # is in one piece, wherever its cuts fall): the distinct pieces are looked through first.
            if self.across_always or self.across_probes.occurs_in(b"\0".join(pieces)):
                found += self.text_across_cuts.matches(_unescaped_and_folded(raw))
            haystack = b"\0".join(itertools.filterfalse(self.public_pieces.__contains__, pieces))
        found += self.text.matches(haystack)
        numbers = list(self.phones.matches(haystack))
        # Each string once: in the first file (in the walk's order) that shows any of the forms it
        # was found in, with the first of its origins (the same, however the files were shared out).
        forms: dict[str, list] = {}  # string -> [its first origin, {(form, separators dropped)}]
        for (matched, string, origin), drop in itertools.chain(
            zip(found, itertools.repeat(b"")),
            zip(numbers, itertools.repeat(PHONE_SEPARATORS)),  # looked for as found: without them
        ):
            entry = forms.setdefault(string, [origin, set()])
            entry[0] = min(entry[0], origin)
            entry[1].add((matched, drop))
        in_order = sorted(texts, key=lambda text: _walk_order(text[0])) if forms else []
        problems = []
        for string, (origin, shown) in forms.items():
            file, label = next(
                (
                    (file, label)
                    for file, label, data in in_order
                    if any(
                        matched in _unescaped_and_folded(data).translate(None, drop)
                        for matched, drop in shown
                    )
                ),
                (None, "the output (across two files)"),
            )
            problems.append((string, file, label, origin))
        return problems

    def _copies(self, label: str, data: bytes) -> list[str]:
        """A private file with the same bytes as an output file (one of the same size) is a copy."""
        candidates = self.files_by_size[len(data)]
        digest = hashlib.sha256(data).hexdigest()
        for file in candidates:
            if file.path not in self._digests:
                try:
                    self._digests[file.path] = hashlib.sha256(file.path.read_bytes()).hexdigest()
                except OSError:
                    self._digests[file.path] = ""
            if self._digests[file.path] == digest:
                return [f"{label}: contains bytes of {file.origin}, which is private"]
        return []


def _first_match_each(matcher: _Matcher, labels: list[str], folded: list[bytes]):
    """(label, origin) of the first pattern found in each folded text (whatever the other texts),
    in one pass over them all."""
    starts = list(itertools.accumulate((len(text) + 1 for text in folded), initial=0))
    reported: set[int] = set()
    for start, _, _, origin in matcher.places(b"\0".join(folded)):
        at = bisect.bisect_right(starts, start) - 1  # the text the match starts in
        if at not in reported:
            reported.add(at)
            yield labels[at], origin


SEALED_MINIMUM = len(SEALED_MAGIC) + NONCE_BYTES + TAG_BYTES
# Sealed files up to this size are opened with their job's key; bigger ones are judged by their first
# bytes (reading and decrypting every clip would double the check's time on a big shop's output).
SEALED_OPENED_UP_TO = 256 * 1024
# What a plain file begins with: JPEG, PNG, GIF, WebP/RIFF, PDF, ZIP (office documents), gzip, HTML.
PLAIN_SIGNATURES = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"RIFF",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
)
_PRINTABLE = bytes([*range(0x20, 0x7F), 0x09, 0x0A, 0x0D])  # ASCII text's bytes


# ---------------------------------------------------------------------- what files encode
def _pdf_text(data: bytes) -> bytes | str:
    """The text of a PDF's pages (pypdf), or why it cannot be read."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages).encode()
    except Exception as error:  # pypdf raises its own errors for damaged files
        return f"is a PDF whose text cannot be read ({type(error).__name__}); check it by hand"


_XML_BREAKS = re.compile(
    rb"</(?:w:p|text:p|text:h|a:p)>|<(?:w:tab|w:br|text:tab|text:line-break)\b[^>]*>"
)
_TAGS = re.compile(rb"<[^>]*>")


def _zipped_xml_text(data: bytes) -> bytes | str:
    """The words of an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP, EPUB: a zip of XML): each
    XML member with its tags taken out, a paragraph a line (a word split into runs stays whole)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                m for m in archive.infolist() if m.filename.endswith((".xml", ".xhtml", ".html"))
            ]
            texts = [archive.read(m) for m in members if m.file_size < 50_000_000]
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        return f"is not a readable document ({error})"
    return b"\n".join(_TAGS.sub(b"", _XML_BREAKS.sub(b"\n", text)) for text in texts)


DOCUMENT_TEXT = {
    ".pdf": _pdf_text,
    **dict.fromkeys((".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"), _zipped_xml_text),
}


def _svg_text(data: bytes) -> bytes:
    """An SVG's words as drawn: what each ``<text>`` holds with its ``<tspan>`` tags taken out."""
    return b"\n".join(
        _TAGS.sub(b"", text) for text in re.findall(rb"<text\b[^>]*>(.*?)</text>", data, re.S)
    )


def _shares(files: list, folders: list, count: int) -> list[tuple[list, list]]:
    """The files and folders in ``count`` shares of about the same work: dealt out in an order
    shuffled the same way every time (neighbours in the walk are files of one kind, a page and its
    image, which would otherwise land in the same share every time)."""
    units = [(False, file) for file in files] + [(True, folder) for folder in folders]
    random.Random(len(units)).shuffle(units)
    shares = []
    for first in range(min(count, len(units))):
        dealt = units[first::count]
        shares.append(
            (
                [u for is_folder, u in dealt if not is_folder],
                [u for is_folder, u in dealt if is_folder],
            )
        )
    return shares


def _walk_order(file: str | None) -> tuple:
    """Where a file (its path below the output) comes in the walk of the output: a folder's files by
    name, then its folders by name, each walked in turn. None (text seen across two files): last."""
    if file is None:
        return ((2, ""),)
    *folders, name = file.split("/")
    return (*((1, folder) for folder in folders), (0, name))


def _in_walk_order(problems: Iterable[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    return sorted(problems, key=lambda problem: (_walk_order(problem[0]), problem[1]))


def _is_text(data: bytes, suffix: str) -> bool:
    """Whether a file is read as text: a text type, or any file that is valid UTF-8. A binary file
    (a font, a PDF) is compared whole with the private files, not read as text."""
    if suffix in TEXT_SUFFIXES:
        return True
    if suffix in IMAGE_SUFFIXES or data.startswith(SEALED_MAGIC):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decoded(match: re.Match) -> bytes:
    return _decode(match.group())


@functools.lru_cache(maxsize=65536)
def _decode(encoded: bytes) -> bytes:
    """One encoded run as its bytes (the same few references come back on every page)."""
    if encoded[:1] == b"&":
        return html.unescape(encoded.decode("ascii")).encode("utf-8", "surrogatepass")
    if encoded[:1] == b"%":
        return urllib.parse.unquote_to_bytes(encoded)
    # JSON's \u escapes, a run at once; a surrogate pair joined into its character
    text = encoded.decode("unicode_escape").encode("utf-16-le", "surrogatepass")
    return text.decode("utf-16-le", "replace").encode("utf-8")


# Where an encoded run can start: each "&", "\\" or "%" (found by ``bytes.find``, so text without
# them costs nothing and the regular expression runs only there).
_TRIGGERS = bytes.maketrans(b"\\%", b"&&")


# Each family alone, starting with its fixed bytes (the regular expression engine then skips ahead
# to them): what a text holds of each is found in one fast pass.
_FAMILIES = (
    re.compile(rb"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
    re.compile(rb"\\u[0-9a-fA-F]{4}"),
)
# A decoded character that can neither start nor complete another encoding.
_INERT = re.compile(rb"[^&\\%#;0-9A-Za-z]+")


def _inert_decoded(match: re.Match) -> bytes:
    return _decode_inert(match.group())


@functools.lru_cache(maxsize=65536)
def _decode_inert(encoded: bytes) -> bytes:
    """The character ``encoded`` stands for if it can neither start nor complete another encoding,
    else ``encoded`` as it is (left for the pass from left to right)."""
    decoded = _decode(encoded)
    return decoded if _INERT.fullmatch(decoded) else encoded


def _decoded_runs(data: bytes) -> bytes:
    """Every encoded run of ``data`` decoded, in one pass from left to right. The references and
    escapes a page repeats most ("&lt;", "\\u0103") are decoded first, family by family, each that
    stands for a character that can neither start nor complete another (so the result is the same as
    reading left to right); what is left is decoded where each can start."""
    for family in _FAMILIES:
        data = family.sub(_inert_decoded, data)
    marked = data.translate(_TRIGGERS)
    at = marked.find(b"&")
    if at == -1:
        return data
    out, last = [], 0
    while at != -1:
        if at >= last and (found := _ENCODED.match(data, at)):
            out += [data[last:at], _decode(found.group())]
            last = found.end()
        at = marked.find(b"&", at + 1)
    out.append(data[last:])
    return b"".join(out)


def _pieces(text: bytes) -> set[bytes]:
    """The distinct pieces of ``text`` cut at ``_CUT`` (where no encoded run can be), each decoded
    and folded as ``_unescaped_and_folded`` reads it in its text, in one pass over them all, and cut
    again where decoding made a cut (a feed's "&lt;p&gt;" is a "<p>" a page shows as it is). In no
    particular order (a set is quicker to make than a dict): no pattern reaches from one piece into
    the next, and what is reported does not depend on the order (``_text_problems``)."""
    distinct = set(text.translate(_CUT).split(b"\0"))
    return set(_unescaped_and_folded(b"\0".join(distinct)).translate(_CUT).split(b"\0"))


def _unescaped_and_folded(data: bytes) -> bytes:
    """The text a reader sees: what the output's formats encode (HTML references, JSON escapes, URL
    encoding) decoded in one pass, then folded."""
    return fold(_decoded_runs(data))


def _listed(folder: str, prefix: str, files: list, folders: list, links: list) -> None:
    """One folder's entries: each file as (its path below the output with "/", its full
    path) added to ``files``, each folder as (its full path, its path below the output) to
    ``folders``, and a problem for each link that is not followed to ``links``. A link to a file is
    read as the file it points to (what a host serves); a link to a folder is never followed and is
    a problem (GitHub's Pages artifact and ``aws s3 sync`` follow it: it can publish anything), and
    so is a link to nothing."""
    with os.scandir(folder) as entries:  # in the file system's order: the scan orders problems
        for entry in entries:
            if entry.is_symlink() and entry.is_dir():
                links.append(
                    f"{prefix}{entry.name}: is a link to a folder ({os.readlink(entry.path)}); hosts "
                    "and uploaders follow it, the check does not: copy what it should publish"
                )
            elif entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.is_symlink() and not os.path.exists(entry.path):
                links.append(
                    f"{prefix}{entry.name}: is a link to nothing ({os.readlink(entry.path)})"
                )
            elif not entry.is_dir():
                files.append((prefix + entry.name, entry.path))


def _walk(folders: list[tuple[str, str]], files: list, links: list) -> None:
    """Every file below ``folders`` (see ``_listed``) added to ``files``, folder after folder."""
    todo = list(reversed(folders))
    while todo:
        folder, prefix = todo.pop()
        below: list[tuple[str, str]] = []
        _listed(folder, prefix, files, below, links)
        todo += reversed(below)


def _first_levels(root: str, enough: int) -> tuple[list, list, list[str]]:
    """The output listed level by level from its root, at least its first ``LISTED_LEVELS`` levels
    (so that one big folder among many, the private folder with a folder for each job, is not left
    to one core), down to the first level that has ``enough`` folders or more: (the files above
    that level, its folders, problems of links above it). A small output is listed whole: (all its
    files, [], all problems of links)."""
    files: list[tuple[str, str]] = []
    links: list[str] = []
    folders: list[tuple[str, str]] = []
    _listed(root, "", files, folders, links)
    levels = 1
    while folders and (levels < LISTED_LEVELS or len(folders) < enough):
        below: list[tuple[str, str]] = []
        for folder, prefix in folders:
            _listed(folder, prefix, files, below, links)
        folders, levels = below, levels + 1
    return files, folders, links


def _brotli(data: bytes) -> bytes:
    import brotli  # Brotli: installed wherever pelican-precompress writes .br copies

    return brotli.decompress(data)


def _zstandard(data: bytes) -> bytes:
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd  # what pelican-precompress uses before 3.14
    return zstd.decompress(data)


# The compressed copies a host may serve instead of a file (pelican-precompress writes them): each is
# read as what it decompresses to.
DECOMPRESSORS = {"gz": gzip.decompress, "br": _brotli, "zst": _zstandard}


def _decompressed(kind: str, data: bytes) -> bytes | str:
    """The bytes a compressed copy stands for, or why they cannot be read (never skipped)."""
    try:
        return DECOMPRESSORS[kind](data)
    except ImportError as error:
        return f"cannot be read without the Python module {error.name!r}; install it to check"
    except Exception:  # each library raises its own error for damaged data
        return f"is not a readable .{kind} file"


def _jpeg_header_problems(label: str, data: bytes, own: bool) -> list[str]:
    """A JPEG's segments before its image data: EXIF (with GPS and maker notes) and XMP live in APP1,
    text in COM (a problem in Shopwindow's own images, a note in others)."""
    found = []
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: only image data follows
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        payload = data[position + 4 : position + 2 + length]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            return [f"{label}: carries an EXIF block"]
        if marker == 0xE1 and b"xap/1.0" in payload[:40]:
            found.append(_xmp_problem(label, payload, own))
        if marker == 0xFE:
            comment = f"{label}: carries a comment ({len(payload)} bytes)"
            found.append(comment if own else Note(comment))
        position += 2 + length
    return found


# In an image Shopwindow did not write (a theme's), metadata is a problem where it can say where, when
# or with what a photo was taken: EXIF (with maker notes and GPS), EXIF kept as text ("Raw profile
# type exif", as ImageMagick writes it), and XMP with camera, location or EXIF properties. Other XMP
# (the program that made a theme's icon) and other text chunks ("Software", "Title") are notes.
RAW_PROFILE = b"raw profile type"
XMP_KEYWORD = b"xml:com.adobe.xmp"
PRIVATE_XMP = re.compile(
    rb"(exif|exifEX|aux|tiff):|GPS|photoshop:(City|State|Country)|Iptc4xmp(Core|Ext):",
    re.IGNORECASE,
)


def _xmp_problem(label: str, packet: bytes, own: bool) -> str:
    what = f"{label}: carries an XMP packet"
    return what if own or PRIVATE_XMP.search(packet) else Note(f"{what} without camera or place")


def _chunk_problems(label: str, data: bytes, png: bool, own: bool) -> list[str]:
    """PNG and WebP keep metadata in named chunks: eXIf/EXIF, XMP, text chunks. In Shopwindow's own
    images every such chunk is a problem; in others, EXIF and XMP are, a text chunk is a note."""
    found = []
    for kind, body, following in _chunks(data, png):
        if kind in (b"eXIf", b"EXIF"):
            return [f"{label}: carries an EXIF block"]
        if kind == b"XMP ":
            found.append(_xmp_problem(label, body, own))
        if kind in (b"iTXt", b"tEXt", b"zTXt"):
            keyword = body.split(b"\x00", 1)[0]
            what = (
                f"{label}: carries metadata ({kind.decode('latin-1')} {keyword.decode('latin-1')})"
            )
            if keyword.lower() == XMP_KEYWORD and not own:
                found.append(_xmp_problem(label, body, own))
            elif own or keyword.lower().startswith(RAW_PROFILE):
                return [what]
            else:
                found.append(Note(what))
        if kind == b"IEND":
            if png and following < len(data):  # no PNG writer puts anything there: text matched
                extra = f"{label}: holds {len(data) - following} bytes after its end (IEND)"
                found.append(extra if own else Note(extra))
            break
    return found


def _chunks(data: bytes, png: bool):
    """(kind, body, where the next chunk starts) of each chunk of a PNG or a WebP (RIFF) file."""
    position = 8 if png else 12
    while position + 8 <= len(data):
        if png:
            length = int.from_bytes(data[position : position + 4], "big")
            kind = data[position + 4 : position + 8]
            following = position + 12 + length
        else:
            kind = data[position : position + 4]
            length = int.from_bytes(data[position + 4 : position + 8], "little")
            following = position + 8 + length + (length & 1)
        yield kind, data[position + 8 : position + 8 + length], following
        position = following


def _after_png_end(data: bytes) -> bytes:
    """What follows a PNG's IEND chunk (b"" for a PNG that ends there, or any other file)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        for kind, _, following in _chunks(data, png=True):
            if kind == b"IEND":
                return data[following:]
    return b""


def read_rest(handle: int, expected: int) -> bytes:
    """The rest of an open file, ``expected`` bytes long as its size said (and what it grew by)."""
    parts = [os.read(handle, expected)] if expected > 0 else []
    while part := os.read(handle, 1 << 20):
        parts.append(part)
    return b"".join(parts)


def _png_without_pixels(handle: int) -> bytes:
    """A PNG file with the data of its image data chunks (IDAT: compressed pixels) skipped over,
    not read: its metadata chunks and whatever follows its end are all the scan looks at in a PNG.
    A file that is not a PNG is read whole. ``handle``: the open file, at its start."""
    start = os.read(handle, 8)
    if start != b"\x89PNG\r\n\x1a\n":
        return start + read_rest(handle, 0)
    parts, at = [start], 8
    while len(head := os.pread(handle, 8, at)) == 8:
        length = int.from_bytes(head[:4], "big")
        at += 8 + length + 4  # the data and its CRC
        if head[4:] == b"IDAT":
            parts.append(b"\0\0\0\0IDAT\0\0\0\0")
            continue
        parts += [head, os.pread(handle, length + 4, at - length - 4)]
        if head[4:] == b"IEND":
            os.lseek(handle, at, os.SEEK_SET)
            head = read_rest(handle, 0)
            break
    parts.append(head)
    return b"".join(parts)


def _image_problems(label: str, data: bytes, own: bool = True) -> list[str]:
    if data.startswith(b"\xff\xd8"):
        return _jpeg_header_problems(label, data, own)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _chunk_problems(label, data, png=True, own=own)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _chunk_problems(label, data, png=False, own=own)
    for marker, what in METADATA_MARKERS.items():
        if marker in data:
            return [f"{label}: carries {what}"]
    problems = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            if len(exif):
                problems.append(f"{label}: carries EXIF data ({len(exif)} fields)")
            if exif.get_ifd(0x8825):
                problems.append(f"{label}: carries GPS data")
            if any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp")):
                problems.append(f"{label}: carries EXIF or XMP data")
    except Exception as error:
        problems.append(f"{label}: is not a readable image ({error})")
    return problems
