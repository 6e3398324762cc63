"""Search speed on synthetic libraries of 1,000 and 10,000 articles (~800 words each).

Prints, per library size: index build time and file size, reopen times (nothing changed;
one article edited), then p50 / p95 / max latency in this process for every keystroke
prefix of ~15 realistic queries, for suggestions (titles and synonyms), full results with
snippets, and a plain FTS5 baseline (one table, raw text, every token quoted, prefix on
the last, bm25 ``ORDER BY ... LIMIT 20`` with ``snippet()``) built in the same process.

    python benchmarks/search.py            # both sizes, a few minutes at most
    python benchmarks/search.py --sizes 1000

Figures only; nothing here is asserted (tests never time anything).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from healthreader.content.model import Article, Library
from healthreader.search.index import SearchIndex

# -- a synthetic library -----------------------------------------------------------------

COMMON = """the of and to a in is it you that he was for on are with as his they be at one
have this from or had by not but what all were when we there can an your which their said if
do will each about how up out them then she many some so these would other into has more her
two like him see time could no make than first been its who now people my made over did down
only way find use may water long little very after words called just where most know get
through back much before go good new write our used me man too any day same right look think
also around another came come work three word must because does part even place well such
here take why things help put years different away again off went old number great tell men
say small every found still between name should home big give air line set own under read last
never us left end along while might next sound below saw something thought both few those
always looked show large often together asked house don't world going want school important
until form food keep children feet land side without boy once animals life enough took sometimes
four head above kind began almost live page got earth need far hand high year mother light
parts country father let night following picture being study second eyes soon times story boys
since white days ever paper hard near sentence better best across during today others however
sure means knew it's try told young miles sun ways thing whole hear example heard several change
answer room sea against top turned learn point city play toward five using himself usually""".split()

MEDICAL = """doctor nurse care team treatment medicine medicines symptoms symptom diagnosis test
tests blood urine scan imaging biopsy infection infections inflammation immune system body cells
cell tissue organ organs kidney kidneys liver lungs lung heart brain nerves nerve spinal cord
muscle muscles joint joints bone bones skin rash rashes itching itchy swelling swollen pain
painful ache aches headache headaches fever chills fatigue tired tiredness weakness numbness
tingling dizziness nausea vomiting diarrhea constipation cough breathing breath shortness chest
pressure high low sugar diabetes insulin thyroid hormone hormones gland glands lymph node nodes
spleen stomach belly bowel bladder allergy allergies allergic reaction antibodies antibody
platelets bleeding bruising anemia oxygen vitamin deficiency chronic acute mild severe rare
common inherited genetic gene genes condition conditions disease diseases disorder disorders
syndrome therapy surgery steroid steroids antibiotics antihistamine vaccine virus bacteria
emergency hospital clinic specialist checkup monitor recovery flare flares remission risk risks
factors smoking exercise diet weight sleep stress stiffness cramps twitching vision hearing
memory confusion seizures depression anxiety pregnancy children adults elderly family history
treatments options side effects dose pills injection infusion physical occupational support
groups""".split()

BODY_PARTS = """kidney liver lung heart brain nerve skin joint bone muscle blood thyroid bowel
bladder spleen stomach eye ear throat spine hip knee ankle wrist hand foot back neck chest
scalp mouth tongue tooth gum nose sinus ovary prostate breast colon pancreas adrenal""".split()
CONDITION_WORDS = """inflammation disease disorder syndrome failure infection cancer deficiency
stones cysts pain damage weakness insufficiency tumor ulcer palsy sclerosis fibrosis anemia
dystrophy neuropathy arthritis dermatitis hepatitis nephritis myositis vasculitis""".split()
MODIFIERS = """chronic acute inherited autoimmune juvenile adult primary secondary idiopathic
congenital progressive recurrent familial benign atypical early late severe mild""".split()
SYMPTOMS = """swollen glands|itchy welts|joint pain|muscle weakness|shortness of breath|chest
pain|high fever|night sweats|weight loss|blurry vision|trouble swallowing|dark urine|pale
skin|skin rash|red bumps on skin|numbness in hands|tingling feet|bruising easily|nosebleeds|
frequent infections|headache|dizziness|nausea|belly pain|back pain|stiff neck|dry cough|
fast heartbeat|swollen ankles|hair loss|dry mouth|feeling tired|trouble sleeping|memory
problems|muscle cramps|slurred speech|yellow skin|lump in neck|hot flashes|missed periods""".replace(
    "\n", " "
).split("|")

# Real names mixed into the synthetic library, so realistic queries have a right answer.
ANCHORS = [
    ("Lupus", ["SLE", "systemic lupus erythematosus"], ["butterfly rash", "joint pain"]),
    ("Hives", ["urticaria", "welts", "nettle rash"], ["itchy welts", "red bumps on skin"]),
    ("Amyotrophic lateral sclerosis (ALS)", ["ALS", "Lou Gehrig's disease", "motor neuron disease"],
     ["muscle weakness", "muscle twitching"]),
    ("Immune thrombocytopenia (ITP)", ["ITP", "low platelets"], ["bruising easily", "nosebleeds"]),
    ("Swollen lymph nodes", ["swollen glands", "lymphadenopathy"], ["lump in neck", "tender lump"]),
    ("Guillain-Barré syndrome", ["GBS", "Guillain-Barre syndrome"], ["tingling feet", "weakness"]),
    ("Rheumatoid arthritis", ["RA"], ["joint pain", "morning stiffness"]),
    ("Type 2 diabetes", ["adult-onset diabetes", "high blood sugar"], ["thirst", "frequent urination"]),
    ("High blood pressure", ["hypertension"], ["headache", "nosebleeds"]),
    ("Hypothyroidism", ["underactive thyroid"], ["feeling tired", "weight gain"]),
    ("Kidney stones", ["renal calculi", "nephrolithiasis"], ["back pain", "blood in urine"]),
    ("Asthma", ["reactive airway disease"], ["wheezing", "shortness of breath"]),
    ("Migraine", ["migraine headache"], ["headache", "nausea", "light sensitivity"]),
    ("COVID-19", ["coronavirus disease 2019", "covid"], ["dry cough", "fever", "loss of smell"]),
    ("Multiple sclerosis", ["MS"], ["numbness in hands", "blurry vision"]),
]  # fmt: skip

QUERIES = [
    "swollen glands", "lou gehrig", "hives", "itp", "lupis", "guillain bare", "rheumatiod arthritis",
    "itchy rash on my arms", "chest pain when breathing", "type 2 diabetes", "high blood pressure",
    "hypothyroidism", "kidney stones", "covid-19", "always tired and dizzy",
]  # fmt: skip


def _zipf(words: list[str], s: float = 1.05) -> list[float]:
    return [1.0 / (rank + 1) ** s for rank in range(len(words))]


def make_articles(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    vocab = COMMON + MEDICAL + BODY_PARTS + CONDITION_WORDS
    rng.shuffle(vocab)
    weights = _zipf(vocab)
    # Rare words (names of drugs, tests, places) give a long tail, as real text has.
    rare = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
            for _ in range(20000)]  # fmt: skip
    titles: set[str] = {a[0] for a in ANCHORS}
    specs: list[tuple[str, list[str], list[str]]] = list(ANCHORS)
    while len(specs) < n:
        title = " ".join(
            [*rng.sample(MODIFIERS, rng.randint(0, 1)), rng.choice(BODY_PARTS), rng.choice(CONDITION_WORDS)]
        ).capitalize()
        if rng.random() < 0.3:
            title += f" type {rng.randint(1, 9)}"
        if title in titles:
            title += f" ({rng.choice(rare).capitalize()})"
        if title in titles:
            continue
        titles.add(title)
        also = [rng.choice(rare).capitalize() + " " + rng.choice(CONDITION_WORDS)
                for _ in range(rng.randint(0, 3))]  # fmt: skip
        specs.append((title, also, rng.sample(SYMPTOMS, rng.randint(2, 7))))
    articles = []
    for i, (title, also, symptoms) in enumerate(specs[:n]):

        def sentence(k: int, own: str = title.split()[0].lower()) -> str:
            ws = rng.choices(vocab, weights, k=k)
            if rng.random() < 0.4:
                ws[rng.randrange(k)] = rng.choice(rare)
            if rng.random() < 0.2:
                ws[rng.randrange(k)] = own  # articles mention their own name
            return " ".join(ws).capitalize() + "."

        summary = " ".join(sentence(rng.randint(10, 16)) for _ in range(3))
        paragraphs = []
        words = 0
        while words < 800:
            if len(paragraphs) % 4 == 0:
                paragraphs.append("## " + rng.choice(["Causes", "Symptoms", "Treatment", "Living with it",
                                                      "How it is diagnosed", "When to get help"]))  # fmt: skip
            paragraph = " ".join(sentence(rng.randint(8, 18)) for _ in range(rng.randint(3, 7)))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        body = "\n\n".join(paragraphs)
        articles.append(
            Article(
                id=f"a{i:05d}-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
                title=title, summary=summary, reviewed=datetime.date(2026, 1, 1), body=body,
                body_html="", also_called=tuple(also), symptoms=tuple(symptoms),
            )
        )  # fmt: skip
    return articles


# -- the plain FTS5 baseline -------------------------------------------------------------


class PlainFts:
    """One FTS5 table over the raw text, queried the obvious way."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE VIRTUAL TABLE plain USING fts5(title, also_called, symptoms, summary, body, "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        with self.conn:
            self.conn.executemany(
                "INSERT INTO plain VALUES (?, ?, ?, ?, ?)",
                ((a.title, "\n".join(a.also_called), "\n".join(a.symptoms), a.summary, a.body)
                 for a in articles),
            )  # fmt: skip
            self.conn.execute("INSERT INTO plain(plain) VALUES ('optimize')")

    def search(self, text: str) -> list[tuple[str, str]]:
        tokens = re.findall(r"[^\W_]+", text.lower())
        if not tokens:
            return []
        match = " ".join(f'"{t}"' for t in tokens) + ("*" if text[-1:].isalnum() else "")
        return self.conn.execute(
            "SELECT title, snippet(plain, -1, '[', ']', '…', 12) FROM plain WHERE plain MATCH ? "
            "ORDER BY bm25(plain, 10.0, 8.0, 5.0, 3.0, 1.0) LIMIT 20",
            (match,),
        ).fetchall()


# -- measuring ---------------------------------------------------------------------------


def keystrokes(queries: list[str]) -> list[str]:
    return [q[:i] for q in queries for i in range(1, len(q) + 1)]


def timed(fn: Callable[[str], object], texts: list[str]) -> tuple[list[float], dict[str, float]]:
    for text in texts:  # warm-up pass: page cache and lazy imports, as after the first query
        fn(text)
    gc.collect()
    times: list[float] = []
    slowest: dict[str, float] = {}
    for text in texts:
        start = time.perf_counter_ns()
        fn(text)
        ms = (time.perf_counter_ns() - start) / 1e6
        times.append(ms)
        slowest[text] = ms
    return times, dict(sorted(slowest.items(), key=lambda kv: -kv[1])[:3])


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms   max {ordered[-1]:6.2f} ms"


def run(size: int, folder: Path) -> None:
    print(f"\n== {size:,} articles ==")
    start = time.perf_counter()
    articles = make_articles(size)
    words = sum(len(a.body.split()) for a in articles) / len(articles)
    print(f"generated in {time.perf_counter() - start:.1f} s, ~{words:.0f} words per body")
    library = Library.from_articles(articles)
    path = folder / f"search-{size}.sqlite"

    start = time.perf_counter()
    index = SearchIndex.open(path, library)
    print(f"index built in {time.perf_counter() - start:.1f} s, "
          f"file {path.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    index.close()
    start = time.perf_counter()
    index = SearchIndex.open(path, library)
    print(f"reopened, nothing changed: {(time.perf_counter() - start) * 1000:.0f} ms")
    index.close()
    edited = articles[size // 2]
    articles[size // 2] = Article(edited.id, edited.title, edited.summary, edited.reviewed,
                                  edited.body + "\n\nA new paragraph about zebrafish.", "",
                                  edited.also_called, edited.categories)  # fmt: skip
    library = Library.from_articles(articles)
    start = time.perf_counter()
    index = SearchIndex.open(path, library)
    print(f"reopened, one article edited: {(time.perf_counter() - start) * 1000:.0f} ms")
    for label, text in (("first search", "kidney"), ("first typo (loads the name words)", "kidnye")):
        start = time.perf_counter()
        index.search(text)
        print(f"  {label} after opening: {(time.perf_counter() - start) * 1000:.1f} ms")
    print(f"  the edited article's new word is found: {bool(index.search('zebrafish').hits)}")

    start = time.perf_counter()
    baseline = PlainFts(articles)
    print(f"baseline FTS5 built in {time.perf_counter() - start:.1f} s (in memory)")

    texts = keystrokes(QUERIES)
    print(f"{len(texts)} keystrokes over {len(QUERIES)} queries")
    for name, fn in (
        ("suggestions", lambda t: index.suggest(t, 10)),
        ("results+snippets", lambda t: index.search(t, 20)),
        ("baseline FTS5", baseline.search),
    ):
        times, slowest = timed(fn, texts)
        worst = ", ".join(f"{t!r} {ms:.1f}" for t, ms in slowest.items())
        print(f"  {name:17} {summary(times)}   slowest: {worst}")

    print("  first hit of each query:")
    for query in QUERIES:
        results = index.search(query, 20)
        first = results.hits[0].title if results.hits else "(none)"
        fixed = f"  [showing results for {results.corrected!r}]" if results.corrected else ""
        print(f"    {query!r:28} -> {first}{fixed}")
    index.close()
    baseline.conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ns = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in ns.sizes:
            run(size, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
