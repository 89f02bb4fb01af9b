"""The LaTeX decoder against pylatexenc, value by value, on a corpus of title, author and venue values written
for this test in the shapes real bibliographies use (accents in every spelling, special letters, escapes,
quotes, dashes, case braces, text commands, inline math). Where the two differ on purpose, the case says so."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pylatexenc.latex2text import LatexNodes2Text

from catalogue.data.latex import decode_latex

SAME = [
    r"M{\"u}ller", r"M\"{u}ller", r"M\"uller", r"{\'E}cole Normale Sup{\'e}rieure", r"Universit\'{e} de Montr\'{e}al",
    r"Gon{\c{c}}alves", r"Gon\c{c}alves", r"{\L}ukasz Kaiser", r"Stra{\ss}e", r"{\O}stergaard", r"{\AA}str{\"o}m",
    r"Erd\H{o}s", r"{\v{S}}koda and {\v{Z}}i{\v{z}}ek", r"Dvo\v{r}\'{a}k", r"na\"{\i}ve", r"Bj{\o}rn", r"{\ae}sthetics",
    r"S{\o}gaard, Anders", r"Jos\'{e} and Jos{\'e}", r"\`{a} la carte", r"Fran\c{c}ois Fleuret", r"{\^e}tre",
    r"Ho\~{n}o", r"{\u{g}}", r"\k{a}", r"{\={a}}", r"{\.I}stanbul", r"Nov{\'a}k",
    r"{LLM}s Under {4-bit} Quantization", r"{BERT}: Pre-training of Deep Bidirectional Transformers",
    r"Fairness \& Bias", r"50\% Sparsity", r"\#1 Model", r"Cost in \$", r"snake\_case names",
    r"Pre-training---and Fine-tuning", r"pages 1--10", r"A -- B", r"pp.~1--2", r"Section~3",
    r"``Quoted'' Title", r"It's a Model's World",
    r"\textit{Emphasis} Matters", r"\emph{On} the \textbf{Bold}", r"\textsc{Small Caps}",
    r"{\em Old Style} Emphasis", r"\textsuperscript{th} and x", r"Proc.\ of the Conf.", r"{\ldots} and more",
    r"Caf\'e \& Bar", r"{\'{\i}}ndice", r"{\"O}zt{\"u}rk", r"\'{c}", r"Ma{\l}gorzata",
    r"Learning $\theta$", r"\(\alpha\)-Fairness", r"$O(n \log n)$ Time", 
    r"$\leq$ and $\geq$ and $\infty$", r"$\pi$ and $\mu$", r"$\mathcal{O}(1)$",
    r"Over {$\epsilon$}", r"{\textendash} and {\textemdash}", r"{\textquoteleft}x{\textquoteright}",
    r"\textbackslash{} slash", r"Title with {\{}braces{\}}", r"$\theta_{\max}$",
]

# Differences on purpose: pylatexenc drops these, or leaves ^ and _ as they are.
DIFFERENT = {
    r"{\textquotesingle}a{\slash}b{\textasciitilde}c": "'a/b~c",  # pylatexenc drops \slash
    r"The {\LaTeX} Companion": "The LaTeX Companion",  # pylatexenc drops \LaTeX
    r"The \foo{Bar} Method": r"The \foo{Bar} Method",  # unknown command: kept as source, not dropped
    r"$10^{-3}$ Error": "10⁻³ Error",  # sub/superscripts as Unicode where it has them
    r"$x_i^2$ and $\theta_{ij}$": "xᵢ² and θᵢⱼ",
    r"$\mathbb{R}^n$": "ℝⁿ",
    r"$\ell_p$ Norms": "ℓₚ Norms",
    r"`Single' Quotes": "‘Single' Quotes",  # a grave accent opens a quote in LaTeX; pylatexenc keeps it
    r"{\textbar} bar": "| bar",  # pylatexenc drops \textbar
    r"\texttt{code} and x": "code and x",  # pylatexenc drops \texttt's argument
}

_REFERENCE = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def reference(value: str) -> str:
    text = unicodedata.normalize("NFC", _REFERENCE.latex_to_text(value))
    return re.sub(r"[ \t\n\r]+", " ", text).strip()


@pytest.mark.parametrize("value", SAME)
def test_decoder_agrees_with_pylatexenc(value):
    assert decode_latex(value) == reference(value)


@pytest.mark.parametrize("value", sorted(DIFFERENT))
def test_decoder_differs_from_pylatexenc_only_where_documented(value):
    assert decode_latex(value) == DIFFERENT[value]
    assert decode_latex(value) != reference(value)


def test_the_corpus_is_large_enough():
    assert len(SAME) + len(DIFFERENT) >= 70
