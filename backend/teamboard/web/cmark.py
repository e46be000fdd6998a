"""CommonMark to HTML with GitHub's cmark-gfm, raw HTML kept as the text the author typed.

cmark-gfm is the C reference implementation, linear on pathological input (markdown-it
took 0.2 s for one 20,000-character ``![![…``; cmark-gfm ~2 ms), reached through the
``cmarkgfm`` package, the binding PyPI's readme renderer uses. Its Python functions leak
the document and the output of every call and offer no way to touch the tree, so this
module declares the C functions it needs itself and finds them in the package's own
compiled library (hence the exact version pin in pyproject.toml; ``check()`` runs at
import and the tests check the behaviour). cffi releases the GIL for every C call.

Raw HTML: cmark's safe mode would replace each HTML node with ``<!-- raw HTML omitted
-->``, losing what the author wrote. Instead every HTML node becomes a text node before
rendering, so ``<b>hi</b>`` shows as ``<b>hi</b>``, escaped.
"""

from __future__ import annotations

from typing import Any, cast

import cffi
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

VERSION = "0.29.0.gfm.13"

_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct cmark_node cmark_node;
    typedef struct cmark_parser cmark_parser;
    typedef struct cmark_iter cmark_iter;
    typedef struct cmark_llist cmark_llist;
    typedef struct cmark_syntax_extension cmark_syntax_extension;
    typedef struct cmark_mem {
      void *(*calloc)(size_t, size_t);
      void *(*realloc)(void *, size_t);
      void (*free)(void *);
    } cmark_mem;
    const char *cmark_version_string(void);
    cmark_mem *cmark_get_default_mem_allocator(void);
    void cmark_gfm_core_extensions_ensure_registered(void);
    cmark_syntax_extension *cmark_find_syntax_extension(const char *name);
    cmark_parser *cmark_parser_new(int options);
    int cmark_parser_attach_syntax_extension(cmark_parser *, cmark_syntax_extension *);
    void cmark_parser_feed(cmark_parser *, const char *buffer, size_t len);
    cmark_node *cmark_parser_finish(cmark_parser *);
    cmark_llist *cmark_parser_get_syntax_extensions(cmark_parser *);
    void cmark_parser_free(cmark_parser *);
    char *cmark_render_html(cmark_node *root, int options, cmark_llist *extensions);
    void cmark_node_free(cmark_node *);
    cmark_node *cmark_node_new(int type);
    int cmark_node_get_type(cmark_node *);
    const char *cmark_node_get_type_string(cmark_node *);
    int cmark_node_set_type(cmark_node *, int type);
    const char *cmark_node_get_literal(cmark_node *);
    int cmark_node_set_literal(cmark_node *, const char *content);
    int cmark_node_append_child(cmark_node *, cmark_node *child);
    cmark_iter *cmark_iter_new(cmark_node *root);
    int cmark_iter_next(cmark_iter *);
    cmark_node *cmark_iter_get_node(cmark_iter *);
    void cmark_iter_free(cmark_iter *);
    """
)
_lib: Any = _ffi.dlopen(_cmark.__file__)

# cmark-gfm.h: node types and iterator events.
HTML_BLOCK, PARAGRAPH = 0x8006, 0x8008
TEXT, HTML_INLINE = 0xC001, 0xC005
_DONE, _ENTER = 1, 2

# Safe mode (no CMARK_OPT_UNSAFE): links and images with javascript:, vbscript:, file:
# or (non-image) data: URLs get an empty one. "~~x~~" only is strikethrough, as before.
OPTIONS = Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

_lib.cmark_gfm_core_extensions_ensure_registered()
_TABLE = _lib.cmark_find_syntax_extension(b"table")
_STRIKETHROUGH = _lib.cmark_find_syntax_extension(b"strikethrough")
_free = _lib.cmark_get_default_mem_allocator().free


def _bytes(pointer: Any) -> bytes:
    """A C string's bytes (``ffi.string`` of a ``char *`` is always bytes)."""
    return cast(bytes, _ffi.string(pointer))


def to_html(text: str, *, tables: bool = True) -> str:
    """HTML for ``text`` (CommonMark, strikethrough and, unless ``tables`` is false, GFM
    tables), every piece of raw HTML turned into text. Not yet sanitised."""
    data = text.encode("utf-8", "replace")
    parser = _lib.cmark_parser_new(OPTIONS)
    try:
        for extension in (_TABLE, _STRIKETHROUGH) if tables else (_STRIKETHROUGH,):
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        _lib.cmark_parser_feed(parser, data, len(data))
        root = _lib.cmark_parser_finish(parser)
        try:
            if b"<" in data:  # every HTML node starts with one
                _html_as_text(root)
            extensions = _lib.cmark_parser_get_syntax_extensions(parser)
            out = _lib.cmark_render_html(root, OPTIONS, extensions)
            try:
                return _bytes(out).decode("utf-8", "replace")
            finally:
                _free(out)
        finally:
            _lib.cmark_node_free(root)
    finally:
        _lib.cmark_parser_free(parser)


def _html_as_text(root: Any) -> None:
    """Turns each HTML node into text with the same content: inline ones in place, a
    block into a paragraph holding it. Leaves may be changed on their ENTER event."""
    lib = _lib
    it = lib.cmark_iter_new(root)
    try:
        while (event := lib.cmark_iter_next(it)) != _DONE:
            if event != _ENTER:
                continue
            node = lib.cmark_iter_get_node(it)
            kind = lib.cmark_node_get_type(node)
            if kind == HTML_INLINE:
                literal = _bytes(lib.cmark_node_get_literal(node))
                lib.cmark_node_set_type(node, TEXT)  # frees the literal: copied above
                lib.cmark_node_set_literal(node, literal)
            elif kind == HTML_BLOCK:
                literal = _bytes(lib.cmark_node_get_literal(node)).rstrip(b"\n")
                lib.cmark_node_set_type(node, PARAGRAPH)
                child = lib.cmark_node_new(TEXT)
                lib.cmark_node_set_literal(child, literal)
                lib.cmark_node_append_child(node, child)
    finally:
        lib.cmark_iter_free(it)


def check() -> None:
    """The declarations above match the library: fail at start-up, not on a page."""
    version = _bytes(_lib.cmark_version_string()).decode()
    html = to_html("<i>x</i>\n\n<div>\n\n|a|\n|-|\n\n~~y~~")
    expected = "<p>&lt;i&gt;x&lt;/i&gt;</p>\n<p>&lt;div&gt;</p>\n<table>"
    if version != VERSION or not html.startswith(expected) or "<del>y</del>" not in html:
        raise RuntimeError(f"cmark-gfm {version} is not the {VERSION} this module was made for")


check()
