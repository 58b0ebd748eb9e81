-- Parley schema for Orleans 10.4.2 ADO.NET grain storage on SQLite (invariant
-- "System.Data.SQLite", served by Microsoft.Data.Sqlite) and Parley's room segments. Storage only: dev mode
-- uses localhost clustering.
--
-- Safe to run again and from several processes at once: BEGIN IMMEDIATE takes the write
-- lock before anything is read, every object is created IF NOT EXISTS and every query row
-- is upserted.
--
-- Concurrency design: Microsoft.Data.Sqlite runs a multi-statement command one statement at
-- a time, each in its own autocommit transaction, and when the database is busy it retries
-- after sleeping 150 ms. So no query below opens an explicit transaction (a deferred
-- transaction that later needs the write lock can only fail and retry) and every write is
-- ONE short statement, atomic on its own, followed by a SELECT that takes no lock and reports
-- the new version through changes(). The version check lives in the statement's WHERE
-- clause; the primary key makes the first insert of a state win exactly once.

PRAGMA busy_timeout = 10000;
PRAGMA journal_mode = WAL;

BEGIN IMMEDIATE;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- Version is the grain state's ETag. A write must carry the version it read (NULL for a
-- state never stored); a stale version changes no row, the query returns no version and
-- Orleans throws InconsistentStateException. Orleans passes NULL for "no key extension";
-- it is stored as '' so that the primary key also guards the first insert.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash INTEGER NOT NULL,
    GrainTypeHash INTEGER NOT NULL,
    GrainIdN0 INTEGER NOT NULL,
    GrainIdN1 INTEGER NOT NULL,
    GrainTypeString TEXT NOT NULL,
    GrainIdExtensionString TEXT NOT NULL,
    ServiceId TEXT NOT NULL,
    PayloadBinary BLOB NULL,
    ModifiedOn TEXT NOT NULL,
    Version INTEGER NOT NULL,
    PRIMARY KEY (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''')
        AND ServiceId = @ServiceId;
'),
-- One statement, so one short write lock per grain write. A row is proposed only for a first
-- write (no version) or when the state exists; the proposal then either inserts version 1 or
-- hits the primary key and updates only if the stored version is the one the grain read.
('WriteToStorageKey', '
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
        ifnull(@GrainIdExtensionString, ''''), @ServiceId, @PayloadBinary, datetime(), 1
    WHERE @GrainStateVersion IS NULL
        OR EXISTS (
            SELECT 1 FROM OrleansStorage
            WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
                AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
                AND GrainTypeString = @GrainTypeString
                AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''')
                AND ServiceId = @ServiceId)
    ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
    DO UPDATE SET
        PayloadBinary = excluded.PayloadBinary,
        ModifiedOn = excluded.ModifiedOn,
        Version = OrleansStorage.Version + 1
    WHERE OrleansStorage.Version = @GrainStateVersion;

    SELECT ifnull(@GrainStateVersion + 1, 1) AS NewGrainStateVersion WHERE changes() > 0;
'),
-- Keeps the row (payload NULL) so the version keeps counting up across clears.
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = datetime(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''')
        AND ServiceId = @ServiceId
        AND Version = @GrainStateVersion;

    SELECT @GrainStateVersion + 1 AS NewGrainStateVersion WHERE changes() > 0;
'),
-- Used instead of ClearStorageKey with AdoNetGrainStorageOptions.DeleteStateOnClear.
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString = ifnull(@GrainIdExtensionString, '''')
        AND ServiceId = @ServiceId
        AND Version = @GrainStateVersion;

    SELECT @GrainStateVersion + 1 AS NewGrainStateVersion WHERE changes() > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A room's messages that are not in a history page yet (Parley.Grains.Rooms.RoomSegments), in
-- Parley's own table so that the writes of every room share one transaction
-- (Parley.Hosting.Storage.SqliteSegmentStorage). version is the segment's ETag.
CREATE TABLE IF NOT EXISTS parley_room_segments
(
    service_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    segment INTEGER NOT NULL,
    version INTEGER NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (service_id, room_id, segment)
) WITHOUT ROWID;

COMMIT;
