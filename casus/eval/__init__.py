"""Scoring the coder against gold records (PLOVER GSR and PETRARCH-2 validation formats)."""

from casus.eval.scoring import EvalReport, evaluate, load_gold

__all__ = ["EvalReport", "evaluate", "load_gold"]
