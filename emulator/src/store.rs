//! Everything the emulator keeps, in one SQLite database: a file in the data
//! folder, or memory for tests. Users are JSON documents, as in Altogic,
//! beside the columns that are looked up (email, phone) or never returned
//! (the password hash).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::error::ApiResult;

/// The schema, as steps: a database is at the step its `user_version`
/// names, and runs the ones after it, in order, once. A new step goes at
/// the end; a step that has run is never edited.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL,
    payload TEXT,
    expires_at INTEGER NOT NULL
);
CREATE TABLE mails (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    action TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE buckets (
    name TEXT PRIMARY KEY
);
INSERT INTO buckets (name) VALUES ('root');
CREATE TABLE files (
    id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    meta TEXT NOT NULL,
    UNIQUE (bucket, file_name)
);
",
    // 2: phone numbers. `users` gains `phone` and an optional `email` (a
    // table rebuild: SQLite cannot drop NOT NULL); an SMS is kept in the
    // outbox with its code; the codes sent.
    "
ALTER TABLE users RENAME TO users_v1;
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT UNIQUE,
    phone TEXT UNIQUE,
    password_hash TEXT NOT NULL,
    doc TEXT NOT NULL
);
INSERT INTO users (id, email, password_hash, doc) SELECT id, email, password_hash, doc FROM users_v1;
DROP TABLE users_v1;
ALTER TABLE mails ADD COLUMN code TEXT;
CREATE TABLE codes (
    phone TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code TEXT NOT NULL,
    user_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (phone, purpose)
);
",
    // 3: files addressed as Altogic's are, by ids
    // (`/_storage/<env>/<bucket id>/<file id>`): buckets get an id, and
    // the environment one.
    // (A database older than step 1's buckets gets them here.)
    "
CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY);
INSERT OR IGNORE INTO buckets (name) VALUES ('root');
ALTER TABLE buckets ADD COLUMN id TEXT;
UPDATE buckets SET id = lower(hex(randomblob(12)));
CREATE UNIQUE INDEX buckets_id ON buckets (id);
CREATE TABLE env (id TEXT NOT NULL);
INSERT INTO env (id) VALUES (lower(hex(randomblob(12))));
",
];

/// The step of a database written before steps were counted (version 0):
/// none, one without phone numbers, or one with them.
fn unversioned_step(conn: &Connection) -> rusqlite::Result<usize> {
    let has = |sql: &str| conn.prepare(sql)?.exists([]);
    Ok(
        if !has("SELECT 1 FROM sqlite_master WHERE name = 'users'")? {
            0
        } else if has("SELECT 1 FROM pragma_table_info('users') WHERE name = 'phone'")? {
            2
        } else {
            1
        },
    )
}

/// Runs the steps `conn` has not run yet, each in a transaction with its
/// new version.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let done = if version == 0 {
        unversioned_step(conn)?
    } else {
        version
    };
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    if done > version && done == MIGRATIONS.len() {
        // Unversioned, and already at the last step: say so.
        conn.pragma_update(None, "user_version", done)?;
    }
    Ok(())
}

/// A user as stored: the document Altogic returns, plus what it never does.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: String,
    pub password_hash: String,
    pub doc: Map<String, Value>,
}

impl UserRow {
    pub fn email_verified(&self) -> bool {
        self.doc.get("emailVerified") == Some(&Value::Bool(true))
    }

    pub fn phone_verified(&self) -> bool {
        self.doc.get("phoneVerified") == Some(&Value::Bool(true))
    }
}

/// What checking a one-time code found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, and now used: the purpose it was sent for and whose it is.
    Right {
        purpose: String,
        user_id: String,
    },
    /// Wrong; this many tries are left.
    Wrong {
        tries_left: i64,
    },
    /// Too many wrong tries: the code is void.
    Void,
    Expired,
    Used,
    /// No code was sent to this number (for these purposes).
    None,
}

/// A single-use token, taken (deleted) when used.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub kind: String,
    pub user_id: String,
    pub payload: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Mail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub action: String,
    pub created_at: String,
    /// An SMS's one-time code (an SMS has no link).
    pub code: Option<String>,
}

pub struct StoredFile {
    pub mime: String,
    pub data: Vec<u8>,
    /// What the upload answered (`userId` says whose it is).
    pub meta: Value,
}

pub struct Store {
    conn: Mutex<Connection>,
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `Ok(false)` when a write broke a UNIQUE constraint (a taken email or
/// file name), an error for any other failure.
fn unique(result: rusqlite::Result<usize>) -> ApiResult<bool> {
    match result {
        Ok(_) => Ok(true),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A user document as stored: a JSON object, or an error (a corrupt row is
/// a failed request, never a user with no fields).
fn doc_of(text: String) -> rusqlite::Result<Map<String, Value>> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    pub fn open(data_dir: &Path) -> rusqlite::Result<Self> {
        if let Err(err) = std::fs::create_dir_all(data_dir) {
            eprintln!("cannot create {}: {err}", data_dir.display());
        }
        Self::init(Connection::open(data_dir.join("emulator.sqlite3"))?)
    }

    pub fn in_memory() -> rusqlite::Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> rusqlite::Result<Self> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wipes every user, session, token, mail and file (test mode).
    pub fn reset(&self) -> ApiResult<()> {
        self.conn().execute_batch(
            "DELETE FROM users; DELETE FROM sessions; DELETE FROM tokens; DELETE FROM codes;
             DELETE FROM mails; DELETE FROM files; DELETE FROM buckets WHERE name <> 'root';",
        )?;
        Ok(())
    }

    // Users

    /// Inserts a user known by an email, a phone number or both;
    /// `Ok(false)` when either is taken.
    pub fn insert_user(
        &self,
        row: &UserRow,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> ApiResult<bool> {
        let result = self.conn().execute(
            "INSERT INTO users (id, email, phone, password_hash, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                row.id,
                email,
                phone,
                row.password_hash,
                Value::Object(row.doc.clone()).to_string()
            ],
        );
        unique(result)
    }

    fn user_where(&self, clause: &str, value: &str) -> ApiResult<Option<UserRow>> {
        let sql = format!("SELECT id, password_hash, doc FROM users WHERE {clause} = ?1");
        Ok(self
            .conn()
            .query_row(&sql, [value], |r| {
                Ok(UserRow {
                    id: r.get(0)?,
                    password_hash: r.get(1)?,
                    doc: doc_of(r.get(2)?)?,
                })
            })
            .optional()?)
    }

    pub fn user_by_email(&self, email: &str) -> ApiResult<Option<UserRow>> {
        self.user_where("email", email)
    }

    pub fn user_by_id(&self, id: &str) -> ApiResult<Option<UserRow>> {
        self.user_where("id", id)
    }

    pub fn user_by_phone(&self, phone: &str) -> ApiResult<Option<UserRow>> {
        self.user_where("phone", phone)
    }

    /// The user a provider's identity signed up, if any.
    pub fn user_by_provider(
        &self,
        provider: &str,
        provider_user_id: &str,
    ) -> ApiResult<Option<UserRow>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, password_hash, doc FROM users
                 WHERE json_extract(doc, '$.provider') = ?1
                   AND json_extract(doc, '$.providerUserId') = ?2",
                params![provider, provider_user_id],
                |r| {
                    Ok(UserRow {
                        id: r.get(0)?,
                        password_hash: r.get(1)?,
                        doc: doc_of(r.get(2)?)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn save_user_doc(&self, id: &str, doc: &Map<String, Value>) -> ApiResult<()> {
        self.conn().execute(
            "UPDATE users SET doc = ?2 WHERE id = ?1",
            params![id, Value::Object(doc.clone()).to_string()],
        )?;
        Ok(())
    }

    pub fn set_password_hash(&self, id: &str, hash: &str) -> ApiResult<()> {
        self.conn().execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id, hash],
        )?;
        Ok(())
    }

    /// Moves a user to a new email; `Ok(false)` when the email is taken.
    pub fn set_email(&self, id: &str, email: &str, doc: &Map<String, Value>) -> ApiResult<bool> {
        let result = self.conn().execute(
            "UPDATE users SET email = ?2, doc = ?3 WHERE id = ?1",
            params![id, email, Value::Object(doc.clone()).to_string()],
        );
        unique(result)
    }

    /// Moves a user to a new phone number; `Ok(false)` when it is taken.
    pub fn set_phone(&self, id: &str, phone: &str, doc: &Map<String, Value>) -> ApiResult<bool> {
        let result = self.conn().execute(
            "UPDATE users SET phone = ?2, doc = ?3 WHERE id = ?1",
            params![id, phone, Value::Object(doc.clone()).to_string()],
        );
        unique(result)
    }

    pub fn count_users(&self) -> ApiResult<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
    }

    // Sessions

    pub fn insert_session(
        &self,
        token: &str,
        user_id: &str,
        created_at: &str,
        lifetime_secs: i64,
        user_agent: &Value,
    ) -> ApiResult<()> {
        self.conn().execute(
            "INSERT INTO sessions (token, user_id, created_at, expires_at, user_agent)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                token,
                user_id,
                created_at,
                now_secs().saturating_add(lifetime_secs),
                user_agent.to_string()
            ],
        )?;
        Ok(())
    }

    /// The user of a live session.
    pub fn session_user(&self, token: &str) -> ApiResult<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT user_id FROM sessions WHERE token = ?1 AND expires_at > ?2",
                params![token, now_secs()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// `(token, created_at, user_agent)` of a user's live sessions, oldest first.
    pub fn sessions_of(&self, user_id: &str) -> ApiResult<Vec<(String, String, Value)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT token, created_at, user_agent FROM sessions
             WHERE user_id = ?1 AND expires_at > ?2 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map(params![user_id, now_secs()], |r| {
            let ua: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                serde_json::from_str(&ua).unwrap_or(Value::Null),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Ends one session of `user_id`; another user's token is left alone.
    pub fn delete_session(&self, user_id: &str, token: &str) -> ApiResult<()> {
        self.conn().execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND token = ?2",
            params![user_id, token],
        )?;
        Ok(())
    }

    /// Deletes the user `id`, their sessions, codes and links.
    pub fn delete_user(&self, id: &str) -> ApiResult<()> {
        let conn = self.conn();
        conn.execute("DELETE FROM sessions WHERE user_id = ?1", params![id])?;
        conn.execute("DELETE FROM tokens WHERE user_id = ?1", params![id])?;
        conn.execute("DELETE FROM users WHERE id = ?1", params![id])?;
        Ok(())
    }

    /// Ends every session of `user_id` but `keep`.
    pub fn delete_sessions(&self, user_id: &str, keep: Option<&str>) -> ApiResult<()> {
        self.conn().execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND token IS NOT ?2",
            params![user_id, keep],
        )?;
        Ok(())
    }

    pub fn count_sessions(&self) -> ApiResult<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))?)
    }

    // Single-use tokens (mail links and access tokens)

    pub fn insert_token(
        &self,
        token: &str,
        kind: &str,
        user_id: &str,
        payload: Option<&str>,
        ttl_secs: i64,
    ) -> ApiResult<()> {
        let conn = self.conn();
        // Expired tokens (links, grants, provider states nobody finished)
        // go as new ones come, so the table holds only live ones.
        conn.execute("DELETE FROM tokens WHERE expires_at <= ?1", [now_secs()])?;
        conn.execute(
            "INSERT INTO tokens (token, kind, user_id, payload, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token, kind, user_id, payload, now_secs().saturating_add(ttl_secs)],
        )?;
        Ok(())
    }

    pub fn count_tokens(&self) -> ApiResult<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM tokens", [], |r| r.get(0))?)
    }

    /// Uses up a token of one of `kinds`: whatever happens next, it cannot
    /// be used again. `None` when unknown, of another kind, or expired.
    pub fn take_token(&self, token: &str, kinds: &[&str]) -> ApiResult<Option<TokenRow>> {
        let conn = self.conn();
        let row: Option<(String, String, Option<String>, i64)> = conn
            .query_row(
                "SELECT kind, user_id, payload, expires_at FROM tokens WHERE token = ?1",
                [token],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((kind, user_id, payload, expires_at)) = row else {
            return Ok(None);
        };
        if !kinds.contains(&kind.as_str()) {
            // Not this call's token: leave it for the call it belongs to.
            return Ok(None);
        }
        conn.execute("DELETE FROM tokens WHERE token = ?1", [token])?;
        Ok((expires_at > now_secs()).then_some(TokenRow {
            kind,
            user_id,
            payload,
        }))
    }

    // One-time codes sent by SMS

    /// Sends (stores) a new code for `purpose` to `phone`, replacing any
    /// earlier one: only the newest code works.
    pub fn put_code(
        &self,
        phone: &str,
        purpose: &str,
        code: &str,
        user_id: &str,
        ttl_secs: i64,
    ) -> ApiResult<()> {
        self.conn().execute(
            "INSERT OR REPLACE INTO codes (phone, purpose, code, user_id, expires_at, tries, used)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0)",
            params![
                phone,
                purpose,
                code,
                user_id,
                now_secs().saturating_add(ttl_secs)
            ],
        )?;
        Ok(())
    }

    /// Checks `code` against the newest code sent to `phone` for one of
    /// `purposes`: a right one is used up, a wrong one counts a try, and
    /// after `max_tries` wrong ones the code is void.
    pub fn check_code(
        &self,
        phone: &str,
        purposes: &[&str],
        code: &str,
        max_tries: i64,
    ) -> ApiResult<CodeCheck> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT purpose, code, user_id, expires_at, tries, used FROM codes
             WHERE phone = ?1 ORDER BY expires_at DESC",
        )?;
        let rows = stmt
            .query_map([phone], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let Some((purpose, sent, user_id, expires_at, tries, used)) = rows
            .into_iter()
            .find(|(purpose, ..)| purposes.contains(&purpose.as_str()))
        else {
            return Ok(CodeCheck::None);
        };
        let check = if used {
            CodeCheck::Used
        } else if tries >= max_tries {
            CodeCheck::Void
        } else if expires_at <= now_secs() {
            CodeCheck::Expired
        } else if sent == code {
            conn.execute(
                "UPDATE codes SET used = 1 WHERE phone = ?1 AND purpose = ?2",
                params![phone, purpose],
            )?;
            CodeCheck::Right { purpose, user_id }
        } else {
            conn.execute(
                "UPDATE codes SET tries = tries + 1 WHERE phone = ?1 AND purpose = ?2",
                params![phone, purpose],
            )?;
            match max_tries - tries - 1 {
                0 => CodeCheck::Void,
                left => CodeCheck::Wrong { tries_left: left },
            }
        };
        Ok(check)
    }

    /// Test mode: every code expires now.
    pub fn expire_codes(&self) -> ApiResult<()> {
        self.conn()
            .execute("UPDATE codes SET expires_at = ?1", [now_secs() - 1])?;
        Ok(())
    }

    // Mail outbox

    pub fn insert_mail(&self, mail: &Mail) -> ApiResult<()> {
        self.conn().execute(
            "INSERT INTO mails (to_addr, subject, body, link, action, created_at, code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                mail.to,
                mail.subject,
                mail.body,
                mail.link,
                mail.action,
                mail.created_at,
                mail.code
            ],
        )?;
        Ok(())
    }

    /// Mails, newest first, optionally only those to one address.
    pub fn mails(&self, to: Option<&str>) -> ApiResult<Vec<Mail>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, to_addr, subject, body, link, action, created_at, code FROM mails
             WHERE ?1 IS NULL OR to_addr = ?1 ORDER BY id DESC LIMIT 200",
        )?;
        let rows = stmt.query_map([to], |r| {
            Ok(Mail {
                id: r.get(0)?,
                to: r.get(1)?,
                subject: r.get(2)?,
                body: r.get(3)?,
                link: r.get(4)?,
                action: r.get(5)?,
                created_at: r.get(6)?,
                code: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // Storage

    /// The environment's id, the first segment of a file's public path.
    pub fn env_id(&self) -> ApiResult<String> {
        Ok(self
            .conn()
            .query_row("SELECT id FROM env", [], |r| r.get(0))?)
    }

    /// The id of the bucket named `name`, if there is one.
    pub fn bucket_id(&self, name: &str) -> ApiResult<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT id FROM buckets WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn create_bucket(&self, name: &str) -> ApiResult<String> {
        let conn = self.conn();
        conn.execute(
            "INSERT OR IGNORE INTO buckets (name, id) VALUES (?1, lower(hex(randomblob(12))))",
            [name],
        )?;
        Ok(
            conn.query_row("SELECT id FROM buckets WHERE name = ?1", [name], |r| {
                r.get(0)
            })?,
        )
    }

    /// Stores a file; `false` when its name is taken in the bucket (names
    /// are unique in a bucket: `BucketManager.ts`).
    pub fn insert_file(
        &self,
        id: &str,
        bucket: &str,
        file_name: &str,
        mime: &str,
        data: &[u8],
        meta: &Value,
    ) -> ApiResult<bool> {
        unique(self.conn().execute(
            "INSERT INTO files (id, bucket, file_name, mime, data, meta) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, bucket, file_name, mime, data, meta.to_string()],
        ))
    }

    /// The file `file_id` of the bucket with id `bucket_id`.
    pub fn file(&self, bucket_id: &str, file_id: &str) -> ApiResult<Option<StoredFile>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT f.mime, f.data, f.meta FROM files f JOIN buckets b ON b.name = f.bucket
                 WHERE b.id = ?1 AND f.id = ?2",
                params![bucket_id, file_id],
                |r| {
                    Ok(StoredFile {
                        mime: r.get(0)?,
                        data: r.get(1)?,
                        meta: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default(),
                    })
                },
            )
            .optional()?)
    }

    pub fn delete_file(&self, file_id: &str) -> ApiResult<()> {
        self.conn()
            .execute("DELETE FROM files WHERE id = ?1", [file_id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_user_document_is_an_error_not_an_empty_user() {
        let store = Store::in_memory().unwrap();
        for doc in ["not json", "[]", r#"{"name":"Ada""#] {
            store
                .conn()
                .execute(
                    "INSERT OR REPLACE INTO users (id, email, password_hash, doc) VALUES ('u1', 'a@example.com', '', ?1)",
                    [doc],
                )
                .unwrap();
            assert!(store.user_by_id("u1").is_err(), "{doc}");
        }
        store
            .conn()
            .execute(
                "UPDATE users SET doc = '{\"name\":\"Ada\"}' WHERE id = 'u1'",
                [],
            )
            .unwrap();
        let user = store.user_by_id("u1").unwrap().unwrap();
        assert_eq!(user.doc["name"], "Ada");
    }

    #[test]
    fn expired_tokens_are_deleted_as_new_ones_come() {
        let store = Store::in_memory().unwrap();
        for i in 0..50 {
            store
                .insert_token(&format!("old{i}"), "oauth-state", "", None, -1)
                .unwrap();
        }
        store
            .insert_token("fresh", "oauth-state", "", None, 600)
            .unwrap();
        assert_eq!(store.count_tokens().unwrap(), 1);
    }

    #[test]
    fn a_new_database_runs_every_step_once_and_records_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let version = |c: &Connection| -> usize {
            c.pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap()
        };
        assert_eq!(version(&conn), MIGRATIONS.len());
        // Again: no step runs twice (step 2 would fail on its ALTER TABLE).
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn), MIGRATIONS.len());
        let store = Store::init(conn).unwrap();
        assert!(store.user_by_phone("+14155550123").unwrap().is_none());
    }

    #[test]
    fn a_database_from_before_phone_numbers_is_brought_up_to_date() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE,
                 password_hash TEXT NOT NULL, doc TEXT NOT NULL);
             INSERT INTO users VALUES ('u1', 'ada@example.com', 'h', '{\"_id\":\"u1\"}');
             CREATE TABLE mails (id INTEGER PRIMARY KEY AUTOINCREMENT, to_addr TEXT NOT NULL,
                 subject TEXT NOT NULL, body TEXT NOT NULL, link TEXT NOT NULL,
                 action TEXT NOT NULL, created_at TEXT NOT NULL);",
        )
        .unwrap();
        let store = Store::init(conn).unwrap();
        let version: usize = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
        assert_eq!(
            store.user_by_email("ada@example.com").unwrap().unwrap().id,
            "u1"
        );
        let phone_user = UserRow {
            id: "u2".into(),
            password_hash: "h".into(),
            doc: Map::new(),
        };
        assert!(store
            .insert_user(&phone_user, None, Some("+14155550123"))
            .unwrap());
        assert_eq!(
            store.user_by_phone("+14155550123").unwrap().unwrap().id,
            "u2"
        );
        store
            .put_code("+14155550123", "verify", "123456", "u2", 60)
            .unwrap();
        assert_eq!(
            store
                .check_code("+14155550123", &["verify"], "123456", 5)
                .unwrap(),
            CodeCheck::Right {
                purpose: "verify".into(),
                user_id: "u2".into()
            }
        );
    }
}
