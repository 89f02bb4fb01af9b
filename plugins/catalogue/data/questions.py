"""Questions people arrive with ("Does quantization affect safety?"), answered from the findings: one question
per harm dimension and compression family that has findings. Papers are counted, not findings: each paper
counts once per question, by its direction there. No MkDocs, no Jinja."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .findings import DIRECTIONS, Evidence, Finding
from .model import Paper, TagValue
from .normalise import BANDS

# What compression does, and what attacks that exploit it do, make the answer; a proposed fix is measured
# against plain compression and is counted apart (as on the evidence map).
ANSWER_ROLES = ("effect", "attack")
FEW_PAPERS = 3  # below this many papers a question's page says there are too few to say

# Model families, by the names papers give their models; the first pattern that matches names the family.
MODEL_FAMILIES: tuple[tuple[str, str], ...] = (
    ("LLaVA", r"\bllava"),
    ("Llama", r"\b(llama|vicuna|tulu|alpaca|longchat)"),
    ("Qwen", r"\b(qwen|qwq)"),
    ("DeepSeek", r"\bdeepseek"),
    ("Mistral", r"\b(mistral|mixtral|zephyr)"),
    ("Gemma", r"\bgemma"),
    ("Phi", r"\bphi-?\d"),
    ("OPT", r"\bopt-"),
    ("BLOOM", r"\bbloom"),
    ("Falcon", r"\bfalcon"),
    ("Pythia", r"\bpythia"),
    ("OLMo", r"\bolmo"),
    ("GPT-2 and GPT-J/Neo", r"\bgpt-?(2|j|neo)"),
    ("BERT family", r"\b(m?bert|distilbert|roberta|deberta|tinybert|distilroberta)\b"),
    ("T5", r"\b(flan-)?t5\b"),
    ("Whisper", r"\bwhisper"),
    ("CLIP", r"\bclip\b"),
    ("ViT and DeiT", r"\b(vit|deit)\b"),
    ("ResNet", r"\b(resnet|wrn|wide resnet)"),
    ("VGG", r"\bvgg"),
    ("MobileNet", r"\bmobilenet"),
)
_FAMILY_PATTERNS = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in MODEL_FAMILIES)


def model_family(model: str) -> str | None:
    """The family a model name belongs to, or None when the name is not one we know."""
    for name, pattern in _FAMILY_PATTERNS:
        if pattern.search(model):
            return name
    return None


def paper_direction(directions: Iterable[str]) -> str:
    """One paper's answer to one question: its direction when all its findings agree; mixed when they differ
    (some settings worse, others not) or when a finding is itself mixed."""
    found = set(directions)
    if len(found) == 1:
        return found.pop()
    return "mixed"


@dataclass(frozen=True)
class Tally:
    """Papers per direction (each paper once)."""

    papers: dict[str, tuple[str, ...]]  # direction -> citation keys

    @property
    def total(self) -> int:
        return sum(len(keys) for keys in self.papers.values())

    def count(self, direction: str) -> int:
        return len(self.papers.get(direction, ()))

    def text(self) -> str:
        """'5 papers: 3 worse, 1 mixed, 1 no change, 0 better'"""
        parts = ", ".join(f"{self.count(direction)} {direction.replace('_', ' ')}" for direction in DIRECTIONS)
        return f"{self.total} {'paper' if self.total == 1 else 'papers'}: {parts}"


def tally(findings: Iterable[Finding]) -> Tally:
    by_paper: dict[str, list[str]] = {}
    for finding in findings:
        by_paper.setdefault(finding.key, []).append(finding.direction)
    papers: dict[str, list[str]] = {direction: [] for direction in DIRECTIONS}
    for key, directions in by_paper.items():
        papers[paper_direction(directions)].append(key)
    return Tally({direction: tuple(keys) for direction, keys in papers.items()})


@dataclass(frozen=True)
class Split:
    """The answer within one precision band, sparsity band or model family."""

    id: str
    title: str
    tally: Tally


@dataclass(frozen=True)
class Question:
    harm: TagValue
    compression: TagValue
    answer: Tally  # effects and attacks
    findings: tuple[Finding, ...]  # every finding of the pair, any role, in paper order
    by_band: tuple[Split, ...]
    by_family: tuple[Split, ...]
    attacks: tuple[str, ...]  # papers with an attack finding
    mitigations: tuple[str, ...]  # papers with a mitigation finding (not in the answer)
    peer_reviewed: tuple[str, ...]  # papers of the answer published at a reviewed venue
    preprints: tuple[str, ...]
    models: tuple[str, ...]  # distinct models named by the answer's findings
    families: tuple[str, ...]
    benchmarks: tuple[str, ...]

    @property
    def slug(self) -> str:
        return f"{self.harm.id}-{self.compression.id}"

    @property
    def title(self) -> str:
        return f"Does {self.compression.phrase} affect {self.harm.phrase}?"

    @property
    def papers(self) -> tuple[str, ...]:
        """Every paper with a finding on this question, any role."""
        return tuple(dict.fromkeys(finding.key for finding in self.findings))

    @property
    def too_few(self) -> bool:
        return self.answer.total < FEW_PAPERS

    def grouped(self) -> list[tuple[str, list[Finding]]]:
        """The findings by direction (worse, mixed, no change, better); mitigations after, whatever their
        direction, since they measure a fix rather than compression."""
        groups: list[tuple[str, list[Finding]]] = []
        for direction in DIRECTIONS:
            shown = [f for f in self.findings if f.role in ANSWER_ROLES and f.direction == direction]
            if shown:
                groups.append((direction, shown))
        fixes = [f for f in self.findings if f.role == "mitigation"]
        if fixes:
            groups.append(("mitigation", fixes))
        return groups


def questions(papers: Sequence[Paper], evidence: Evidence, harms: Sequence[TagValue], families: Sequence[TagValue],
              peer_reviewed: Callable[[Paper], bool]) -> list[Question]:
    """One question per harm x compression family with at least one finding, in taxonomy order."""
    by_key = {paper.key: paper for paper in papers}
    pairs: dict[tuple[str, str], list[Finding]] = {}
    for paper in papers:
        for finding in evidence.of(paper):
            pairs.setdefault((finding.harm, finding.compression), []).append(finding)
    result = []
    for harm in harms:
        for family in families:
            findings = pairs.get((harm.id, family.id))
            if not findings:
                continue
            answering = [f for f in findings if f.role in ANSWER_ROLES]
            answer = tally(answering)
            keys = [key for direction in DIRECTIONS for key in answer.papers[direction]]
            bands = [Split(band.id, band.title, tally(f for f in answering if band.id in f.bands)) for band in BANDS]
            family_names = [name for name, _ in MODEL_FAMILIES]
            split_families = [Split(_slug(name), name,
                                    tally(f for f in answering if any(model_family(m) == name for m in f.models)))
                              for name in family_names]
            models = tuple(dict.fromkeys(model for f in answering for model in f.models))
            result.append(Question(
                harm=harm, compression=family, answer=answer, findings=tuple(findings),
                by_band=tuple(split for split in bands if split.tally.total),
                by_family=tuple(split for split in split_families if split.tally.total),
                attacks=tuple(dict.fromkeys(f.key for f in findings if f.role == "attack")),
                mitigations=tuple(dict.fromkeys(f.key for f in findings if f.role == "mitigation")),
                peer_reviewed=tuple(key for key in keys if peer_reviewed(by_key[key])),
                preprints=tuple(key for key in keys if not peer_reviewed(by_key[key])),
                models=models,
                families=tuple(dict.fromkeys(name for name in map(model_family, models) if name)),
                benchmarks=tuple(dict.fromkeys(b for f in answering for b in f.benchmark)),
            ))
    return result


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
