"""Sphinx extension for building the book (listed in _config.yml's extra_extensions).

Under Jupyter Book 1, sphinx-thebe and sphinx-togglebutton register their inline
configuration scripts twice (once with filename None, once ""), so every page redeclares ``const THEBE_JS_URL`` and the
browser reports an error. Dropping exact duplicates from each page's scripts fixes it
without touching the extensions.
"""

from __future__ import annotations


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The copies differ only in an inline script's filename: None once, "" the other time.
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    # Late priority: run after the extensions that add the scripts.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
