-- Parley schema for Orleans 10.4.2 ADO.NET providers on PostgreSQL:
-- clustering (membership), grain storage and reminders.
--
-- Orleans reads the SQL it runs from OrleansQuery(QueryKey, QueryText); the parameter and
-- result column names below are the ones the 10.4.2 providers send and read.
--
-- Safe to run again and from several processes at once: one transaction, serialised by a
-- transaction-level advisory lock; every object is created IF NOT EXISTS / OR REPLACE and
-- every query row is upserted.

BEGIN;

SELECT pg_advisory_xact_lock(7305113009261640457);

SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey varchar(64) NOT NULL,
    querytext text NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);

-- ---------------------------------------------------------------------------------------
-- Clustering
-- ---------------------------------------------------------------------------------------

-- One row per cluster (Orleans calls it DeploymentId). Version is the membership table's
-- optimistic-concurrency token: every successful membership change increments it.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid text NOT NULL,
    timestamp timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid text NOT NULL,
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname text NOT NULL,
    hostname text NOT NULL,
    status integer NOT NULL,
    proxyport integer NULL,
    suspecttimes text NULL,
    starttime timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Inserts a silo row and bumps the table version, both or neither: the version row stays
-- locked from the check to the bump, so a concurrent change makes this return false.
CREATE OR REPLACE FUNCTION orleans_insert_membership(
    p_deploymentid text,
    p_address text,
    p_port integer,
    p_generation integer,
    p_siloname text,
    p_hostname text,
    p_status integer,
    p_proxyport integer,
    p_starttime timestamptz,
    p_iamalivetime timestamptz,
    p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
DECLARE
    current_version integer;
BEGIN
    SELECT v.version INTO current_version
    FROM orleansmembershipversiontable v
    WHERE v.deploymentid = p_deploymentid
    FOR UPDATE;

    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT ON CONSTRAINT pk_orleansmembershiptable DO NOTHING;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN true;
END
$function$;

CREATE OR REPLACE FUNCTION orleans_update_membership(
    p_deploymentid text,
    p_address text,
    p_port integer,
    p_generation integer,
    p_status integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
DECLARE
    current_version integer;
BEGIN
    SELECT v.version INTO current_version
    FROM orleansmembershipversiontable v
    WHERE v.deploymentid = p_deploymentid
    FOR UPDATE;

    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershiptable
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE deploymentid = p_deploymentid
        AND address = p_address AND port = p_port AND generation = p_generation;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN true;
END
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $query$
    WITH inserted AS (
        INSERT INTO orleansmembershipversiontable (deploymentid)
        VALUES (@DeploymentId)
        ON CONFLICT ON CONSTRAINT pk_orleansmembershipversiontable DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM inserted) AS inserted;
$query$),
('InsertMembershipKey', $query$
    SELECT orleans_insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS inserted;
$query$),
('UpdateMembershipKey', $query$
    SELECT orleans_update_membership(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version) AS updated;
$query$),
('UpdateIAmAlivetimeKey', $query$
    UPDATE orleansmembershiptable
    SET iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId
        AND address = @Address AND port = @Port AND generation = @Generation;
$query$),
-- The version row is always returned (outer join), so Orleans gets the table version even
-- when the silo has no row.
('MembershipReadRowKey', $query$
    SELECT
        v.deploymentid AS DeploymentId,
        m.address AS Address,
        m.port AS Port,
        m.generation AS Generation,
        m.siloname AS SiloName,
        m.hostname AS HostName,
        m.status AS Status,
        m.proxyport AS ProxyPort,
        m.suspecttimes AS SuspectTimes,
        m.starttime AS StartTime,
        m.iamalivetime AS IAmAliveTime,
        v.version AS Version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m
        ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
$query$),
('MembershipReadAllKey', $query$
    SELECT
        v.deploymentid AS DeploymentId,
        m.address AS Address,
        m.port AS Port,
        m.generation AS Generation,
        m.siloname AS SiloName,
        m.hostname AS HostName,
        m.status AS Status,
        m.proxyport AS ProxyPort,
        m.suspecttimes AS SuspectTimes,
        m.starttime AS StartTime,
        m.iamalivetime AS IAmAliveTime,
        v.version AS Version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;
$query$),
('GatewaysQueryKey', $query$
    SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$query$),
('DeleteMembershipTableEntriesKey', $query$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$query$),
-- Only used when CleanupDefunctSiloEntryKey is missing; 10.4.2 requires the key to exist.
('CleanupDefunctSiloEntriesKey', $query$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status = 6;
$query$),
-- Orleans decides in .NET which dead rows are old enough and passes back the values it read;
-- the row goes only if it is still dead and unchanged since.
('CleanupDefunctSiloEntryKey', $query$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
        AND address = @Address AND port = @Port AND generation = @Generation
        AND status = 6
        AND starttime = @StartTime
        AND iamalivetime = @IAmAliveTime
        AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes;
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- ---------------------------------------------------------------------------------------
-- Grain storage
-- ---------------------------------------------------------------------------------------

-- Version is the grain state's ETag. A write must carry the version it read (NULL for a
-- state never stored); a stale version matches no row, the query returns no version and
-- Orleans throws InconsistentStateException. Orleans passes NULL for "no key extension";
-- it is stored as '' so that the primary key also guards the first insert.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash integer NOT NULL,
    graintypehash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypestring text NOT NULL,
    grainidextensionstring text NOT NULL,
    serviceid text NOT NULL,
    payloadbinary bytea NULL,
    modifiedon timestamptz NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_orleansstorage PRIMARY KEY
        (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
);

-- A room's messages that are not in a history page yet (Parley.Grains.Rooms.RoomSegments), in
-- Parley's own table so that the writes of many rooms can share one transaction
-- (Parley.Hosting.Storage.PostgresSegmentStorage). version is the segment's ETag.
CREATE TABLE IF NOT EXISTS parley_room_segments
(
    service_id text NOT NULL,
    room_id text NOT NULL,
    segment bigint NOT NULL,
    version integer NOT NULL,
    payload bytea NOT NULL,
    CONSTRAINT pk_parley_room_segments PRIMARY KEY (service_id, room_id, segment)
);

-- Payloads over ~2 KB are compressed. When rooms still rewrote tens of KB of recent messages with
-- every group commit, the default pglz took ~30% of PostgreSQL's CPU in the durable-write
-- benchmark (100 rooms); lz4 compresses about ten times faster. Servers built without lz4 keep pglz.
-- Altered only once: ALTER TABLE locks the table, and every process applies this schema on start.
DO $$
BEGIN
    IF (SELECT attcompression FROM pg_attribute
        WHERE attrelid = 'orleansstorage'::regclass AND attname = 'payloadbinary') IS DISTINCT FROM 'l' THEN
        ALTER TABLE orleansstorage ALTER COLUMN payloadbinary SET COMPRESSION lz4;
    END IF;
    IF (SELECT attcompression FROM pg_attribute
        WHERE attrelid = 'parley_room_segments'::regclass AND attname = 'payload') IS DISTINCT FROM 'l' THEN
        ALTER TABLE parley_room_segments ALTER COLUMN payload SET COMPRESSION lz4;
    END IF;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available; grain state stays compressed with pglz';
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $query$
    SELECT payloadbinary AS PayloadBinary, version AS Version
    FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
        AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
        AND graintypestring = @GrainTypeString
        AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
        AND serviceid = @ServiceId;
$query$),
('WriteToStorageKey', $query$
    WITH updated AS (
        UPDATE orleansstorage
        SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
        WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
            AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
            AND graintypestring = @GrainTypeString
            AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
            AND serviceid = @ServiceId
            AND version = @GrainStateVersion
        RETURNING version
    ), inserted AS (
        INSERT INTO orleansstorage
            (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring,
             serviceid, payloadbinary, modifiedon, version)
        SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
            COALESCE(@GrainIdExtensionString, ''), @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT ON CONSTRAINT pk_orleansstorage DO NOTHING
        RETURNING version
    )
    SELECT version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT version FROM inserted;
$query$),
-- Keeps the row (payload NULL) so the version keeps counting up across clears.
('ClearStorageKey', $query$
    UPDATE orleansstorage
    SET payloadbinary = NULL, modifiedon = now(), version = version + 1
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
        AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
        AND graintypestring = @GrainTypeString
        AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
        AND serviceid = @ServiceId
        AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;
$query$),
-- Used instead of ClearStorageKey with AdoNetGrainStorageOptions.DeleteStateOnClear.
('DeleteStorageKey', $query$
    DELETE FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
        AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
        AND graintypestring = @GrainTypeString
        AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
        AND serviceid = @ServiceId
        AND version = @GrainStateVersion
    RETURNING version + 1 AS NewGrainStateVersion;
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- ---------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid text NOT NULL,
    grainid text NOT NULL,
    remindername text NOT NULL,
    starttime timestamptz NOT NULL,
    period bigint NOT NULL,
    grainhash integer NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $query$
    INSERT INTO orleansreminderstable
        (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT ON CONSTRAINT pk_orleansreminderstable DO UPDATE
    SET starttime = excluded.starttime,
        period = excluded.period,
        grainhash = excluded.grainhash,
        version = orleansreminderstable.version + 1
    RETURNING version AS Version;
$query$),
('ReadReminderRowsKey', $query$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
        period AS Period, version AS Version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId;
$query$),
('ReadReminderRowKey', $query$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
        period AS Period, version AS Version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$query$),
-- Orleans picks ReadRangeRows1Key when BeginHash < EndHash as signed integers, else the
-- wrapping range ReadRangeRows2Key.
('ReadRangeRows1Key', $query$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
        period AS Period, version AS Version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$query$),
('ReadRangeRows2Key', $query$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
        period AS Period, version AS Version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$query$),
('DeleteReminderRowKey', $query$
    WITH deleted AS (
        DELETE FROM orleansreminderstable
        WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
            AND version = @Version
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM deleted) AS deleted;
$query$),
('DeleteReminderRowsKey', $query$
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

COMMIT;
