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

MIGRATIONS += (
    (
        4,
        "stories: embeddings, cluster state, assignments, stories, story events, series, terms",
        """
        CREATE TABLE embeddings (
            doc_id TEXT NOT NULL REFERENCES documents(id),
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (doc_id, model)
        );
        CREATE TABLE cluster_state (
            model TEXT PRIMARY KEY,
            documents INTEGER NOT NULL,
            blob BLOB NOT NULL,
            saved_at TEXT NOT NULL
        );
        CREATE TABLE story_assignments (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id),
            story_id TEXT NOT NULL,
            event_cluster_id TEXT NOT NULL,
            score REAL NOT NULL
        );
        CREATE INDEX story_assignments_story ON story_assignments(story_id);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            first_date TEXT,
            last_date TEXT,
            n_documents INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TABLE story_events (
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            date TEXT,
            pos INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX story_events_story ON story_events(story_id, pos);
        CREATE TABLE figure_series (
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            pos INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX figure_series_story ON figure_series(story_id, pos);
        CREATE TABLE outlet_terms (
            story_id TEXT NOT NULL,
            outlet TEXT NOT NULL,
            term TEXT NOT NULL,
            log_odds REAL NOT NULL,
            z REAL NOT NULL,
            uses INTEGER NOT NULL,
            PRIMARY KEY (story_id, outlet, term)
        );
        CREATE TABLE content_dates (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id),
            data TEXT NOT NULL
        );
        """,
    ),
)

MIGRATIONS += (
    (
        5,
        "documents by outlet and date: outlet lists and counts read one index range",
        # An outlet's page newest first, its count from a date, walk this index alone
        # instead of sorting (or checking the date of) every document of the outlet.
        "CREATE INDEX IF NOT EXISTS documents_outlet_published ON documents(outlet, published);",
    ),
)

MIGRATIONS += (
    (
        6,
        "mentions by document and actor: actor profiles and counts without parsing every mention",
        # The actor pages join each actor link to its document's mentions of that local key;
        # with the key in an index, SQLite reads it there instead of parsing each JSON record.
        "CREATE INDEX IF NOT EXISTS extractions_actor"
        " ON extractions(doc_id, kind, json_extract(data, '$.actor'));",
    ),
)
