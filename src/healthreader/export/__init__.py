"""Printable handouts: ``handout`` (articles -> print HTML, no Qt), ``pdf`` (layout and paint
with QtGui: PDF bytes, or any paged device such as a QPrinter) and ``command`` (the
``healthreader export`` command).

This package imports no Qt itself, so ``healthreader.export.handout`` stays usable and
testable without PySide6; import ``healthreader.export.pdf`` for the Qt side.
"""
