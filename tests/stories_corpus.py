"""A small corpus of our own for the story-stage tests: one truce story told by three outlets
(one spelled two ways), an undated article, a far older article with the same words, a story
of one article and an article without events. Written to files, ingested like any input."""

from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "a1.md": ("Israel and Hamas agree four-day truce in Gaza", "Harbor Times", "2023-11-22",
              "DOHA, Nov 22 (HT) - Israel and Hamas agreed to a four-day truce in Gaza that will "
              "begin on Friday, Qatar's foreign ministry said on Wednesday. Under the deal, Hamas "
              "will free 50 hostages held in Gaza and Israel will release 150 Palestinian "
              "prisoners. The Gaza health ministry said 13,300 people had been killed in Gaza "
              "since the war began. Hamas killed 1,400 people in Israel on October 7, Israeli "
              "officials said."),
    "a2.md": ("Truce between Israel and Hamas begins in Gaza", "Valley Courier", "2023-11-24",
              "GAZA, Nov 24 (VC) - A truce between Israel and Hamas began in Gaza on Friday "
              "morning, and the first hostages were expected to be freed in the afternoon. The "
              "Gaza health ministry said 14,800 people had been killed in Gaza since the war "
              "began. Aid trucks entered Gaza through the Rafah crossing."),
    "a3.md": ("Guns fall silent as Gaza truce begins", "TEHRAN HORIZON NEWS DESK", "2023-11-24",
              "The truce between Israel and the resistance began in Gaza on Friday. The Gaza "
              "health ministry said 5,200 people had been killed in Gaza since the war began. Aid "
              "trucks entered Gaza through the Rafah crossing on Friday."),
    "a4.md": ("Hostages freed as Gaza truce holds", "Tehran Horizon", "2023-11-25",
              "Hamas freed 13 Israeli hostages on Saturday as the truce between Israel and Hamas "
              "held in Gaza, and Israel released 39 Palestinian prisoners. The resistance said "
              "the occupation had killed 14,850 people in Gaza since the war began."),
    "a5.md": ("Israel revises October 7 death toll", "Harbor Times", "2023-12-01",
              "JERUSALEM, Dec 1 (HT) - Israel said on Friday that Hamas killed 1,200 people in "
              "Israel on October 7, revising its earlier count. The truce between Israel and "
              "Hamas ended on Friday and fighting resumed in Gaza."),
    "b1.md": ("Gaza truce extended by two days", "Harbor Times", None,
              "The truce between Israel and Hamas, which began on Friday, was extended by two "
              "days, Qatar said on Monday. Hamas is expected to free 20 more hostages held in "
              "Gaza during the extension."),
    "c1.md": ("River flood sweeps away bridges in Valley county", "Valley Courier", "2023-03-02",
              "Flood water swept away three bridges over the Green River on Thursday, county "
              "officials said. Farmers in the valley said their fields were under water."),
    "d1.md": ("Harbor festival opens with music", "North Star Daily", "2023-11-23",
              "The harbor festival is a fine tradition. Music fills the square and the food "
              "stalls are busy."),
    "e1.md": ("Israel and Hamas agree truce in Gaza after fighting", "North Star Daily",
              "2021-05-20",
              "Israel and Hamas agreed to a truce in Gaza on Thursday after eleven days of "
              "fighting, Egypt said. Hamas said the truce would begin on Friday."),
}  # fmt: skip

LATER = {
    "a6.md": ("Gaza truce extended again before deadline", "Valley Courier", "2023-11-29",
              "GAZA, Nov 29 (VC) - The truce between Israel and Hamas in Gaza was extended again "
              "on Wednesday, Qatar said, and Hamas freed more hostages held in Gaza. The Gaza "
              "health ministry said 15,000 people had been killed in Gaza since the war began."),
}  # fmt: skip


def write(folder: Path, articles: dict[str, tuple[str, str, str | None, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, outlet, published, text) in articles.items():
        date = f"published: {published}\n" if published else ""
        head = f"---\ntitle: {title}\noutlet: {outlet}\n{date}---\n\n"
        (folder / name).write_text(head + text + "\n", encoding="utf-8")
    return folder
