"""Ordered, named schema migrations. Append only: a released migration is never edited."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "documents, raw records, removed lines, errors, runs, full-text index",
        """
        CREATE TABLE documents (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT, outlet TEXT, title TEXT, author TEXT,
            published TEXT,
            published_source TEXT NOT NULL DEFAULT 'unknown',
            published_confidence REAL NOT NULL DEFAULT 0,
            language TEXT, language_confidence REAL,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            duplicate_of TEXT REFERENCES documents(id),
            similarity REAL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_text_hash ON documents(text_hash);
        CREATE INDEX documents_outlet ON documents(outlet);
        CREATE INDEX documents_published ON documents(published);
        CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

        CREATE TABLE raw_records (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id),
            kind TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            encoding TEXT,
            content BLOB NOT NULL
        );
        CREATE TABLE removed_lines (
            doc_id TEXT NOT NULL REFERENCES documents(id),
            pos INTEGER NOT NULL,
            line TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (doc_id, pos)
        );
        CREATE TABLE minhash (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id),
            signature BLOB NOT NULL
        );
        CREATE TABLE lsh_bands (
            band INTEGER NOT NULL,
            key BLOB NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id),
            PRIMARY KEY (band, key, doc_id)
        ) WITHOUT ROWID;
        CREATE TABLE errors (
            source TEXT NOT NULL,
            problem TEXT NOT NULL,
            level TEXT NOT NULL DEFAULT 'error',
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (source, problem)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            counts TEXT NOT NULL DEFAULT '{}'
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        """,
    ),
)

MIGRATIONS += (
    (
        2,
        "extraction results: analyses, extractions (mentions, timexes, events, figures, quotes), actors",
        """
        CREATE TABLE analyses (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id),
            version TEXT NOT NULL,
            model TEXT,
            status TEXT NOT NULL,
            note TEXT,
            analysed_at TEXT NOT NULL
        );
        CREATE TABLE extractions (
            doc_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,
            pos INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (doc_id, kind, pos)
        );
        CREATE INDEX extractions_kind ON extractions(kind);
        CREATE INDEX extractions_type ON extractions(kind, json_extract(data, '$.type'));
        CREATE TABLE actors (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE actor_links (
            doc_id TEXT NOT NULL REFERENCES documents(id),
            local_key TEXT NOT NULL,
            actor_key TEXT NOT NULL,
            PRIMARY KEY (doc_id, local_key)
        );
        """,
    ),
)

MIGRATIONS += (
    (
        3,
        "analyses record each component's version",
        "ALTER TABLE analyses ADD COLUMN components TEXT NOT NULL DEFAULT '{}';",
    ),
)
