"""Generate a synthetic, realistic catalogue library (LaTeX accents, every custom field)."""

from __future__ import annotations

import random

SURNAMES = [r"M{\"u}ller", r"Gon{\c{c}}alves", r"Garc{\'i}a", r"{\O}stergaard", r"Nov{\'a}k", "Smith", "Zhang",
            "Proskurina", "Xu", r"Bj{\"o}rk", "Okafor", r"L{\'o}pez", "Kumar", r"Dvo{\v{r}}{\'a}k", "Tanaka"]
GIVEN = ["Ana", "Jörg", r"Ren{\'e}", "Wei", "Irina", "Chidi", "Sofía", "Hiro", r"Fran{\c{c}}ois", "Priya"]
WORDS = ["Quantization", "Pruning", "Fairness", "Bias", "Calibration", "Robustness", "Safety", "Alignment",
         "Distillation", "{LLM}s", "Low-Rank", "Sparsity", "Toxicity", "Jailbreaks", "Confidence", "Trust",
         "{GPTQ}", "{AWQ}", "4-bit", "Post-Training", "Multilingual", "Vision-Language", "Faithfulness"]
VENUES = [r"Findings of the Association for Computational Linguistics: {EMNLP} {year}",
          r"Proceedings of the {year} Conference on Empirical Methods in Natural Language Processing",
          r"Advances in Neural Information Processing Systems", r"Proceedings of the 41st International Conference on Machine Learning",
          r"Transactions on Machine Learning Research"]
HARMS = ["fairness", "robustness", "calibration", "safety", "faithfulness", "privacy"]
COMPRESSION = ["quantization", "pruning", "distillation", "low-rank"]
MODALITY = ["llm", "vlm", "multimodal", "vision", "speech"]
CONTRIBUTION = ["evaluation", "mitigation", "attack", "benchmark", "survey", "analysis"]


def synthetic_library(count: int, seed: int = 7) -> str:
    """``count`` valid, distinct entries as BibTeX text."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        year = rng.randint(2015, 2026)
        authors = " and ".join(f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 8)))
        title = " ".join(rng.sample(WORDS, 6)) + f" {index}"
        venue = rng.choice(VENUES).replace("{year}", str(year))
        field = "journal" if venue.startswith("Transactions") else "booktitle"
        kind = "article" if field == "journal" else "inproceedings"
        out.append(
            f"@{kind}{{synthetic{year}paper{index},\n"
            f"  title = {{{title}}},\n  author = {{{authors}}},\n  {field} = {{{venue}}},\n  year = {{{year}}},\n"
            f"  pages = {{{index}--{index + 12}}},\n  doi = {{10.5555/synthetic.{index}}},\n"
            f"  eprint = {{{2000 + index % 700}.{index:05d}}},\n  archiveprefix = {{arXiv}},\n"
            f"  url = {{https://example.org/papers/{index}}},\n  code = {{https://github.com/example/repo{index}}},\n"
            f"  harm = {{{', '.join(rng.sample(HARMS, rng.randint(1, 3)))}}},\n"
            f"  compression = {{{', '.join(rng.sample(COMPRESSION, rng.randint(1, 2)))}}},\n"
            f"  modality = {{{rng.choice(MODALITY)}}},\n"
            f"  contribution = {{{', '.join(rng.sample(CONTRIBUTION, rng.randint(1, 2)))}}},\n"
            f"  summary = {{Compressed models were measured on {rng.choice(HARMS)} and some of it "
            f"{rng.choice(['held', 'broke', 'shifted'])} at low bit-widths, na{{\\\"i}}vely.}},\n"
            f"  added = {{{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}}},\n"
            f"  verified = {{{'secondary' if index % 10 == 3 else 'primary'}}},\n}}\n\n"
        )
    return "".join(out)
