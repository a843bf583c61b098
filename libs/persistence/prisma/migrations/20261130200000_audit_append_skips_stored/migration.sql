-- The audit chain's append leaves out, by itself, events whose dedupe key is stored already
-- (issue 12). The application used to look them up first, a round trip of its own before
-- every append; now a write can make its change and append in one statement. As before,
-- when nothing is left to append the function returns without locking the chain's head,
-- and a duplicate racing past the check fails on the key's unique index (its retry finds it
-- stored). Returns the chain's length, or NULL when it appended nothing.

CREATE OR REPLACE FUNCTION plancycle_append_to_audit_chain(
  p_cycle_id text,
  p_genesis_hash text,
  p_seq_token text,
  p_prev_token text,
  p_events jsonb,
  p_decisions jsonb
) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  v_length integer;
  v_head text;
  v_hash text;
  v_item jsonb;
  v_events jsonb;
BEGIN
  SELECT coalesce(jsonb_agg(e.value ORDER BY e.position), '[]'::jsonb) INTO v_events
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, position)
  WHERE e.value -> 'row' ->> 'dedupeKey' IS NULL
     OR NOT EXISTS (SELECT 1 FROM "AuditEvent" s WHERE s."dedupeKey" = e.value -> 'row' ->> 'dedupeKey');
  IF jsonb_array_length(v_events) = 0 AND jsonb_array_length(p_decisions) = 0 THEN
    RETURN NULL;
  END IF;

  -- Creates the head on first use or else touches it; either way the row stays locked.
  INSERT INTO "AuditChain" ("cycleId", "length", "headHash", "startedAt", "updatedAt")
  VALUES (p_cycle_id, 0, p_genesis_hash, now(), now())
  ON CONFLICT ("cycleId") DO UPDATE SET "updatedAt" = now()
  RETURNING "length", "headHash" INTO v_length, v_head;

  FOR v_item IN SELECT value FROM jsonb_array_elements(v_events) LOOP
    v_length := v_length + 1;
    v_hash := encode(sha256(convert_to(
      replace(replace(v_item ->> 'template', '"' || p_seq_token || '"', v_length::text), p_prev_token, v_head), 'UTF8')), 'hex');
    INSERT INTO "AuditEvent"
      SELECT * FROM jsonb_populate_record(NULL::"AuditEvent",
        (v_item -> 'row') || jsonb_build_object('chainSeq', v_length, 'prevHash', v_head, 'hash', v_hash));
    v_head := v_hash;
  END LOOP;

  FOR v_item IN SELECT value FROM jsonb_array_elements(p_decisions) LOOP
    v_length := v_length + 1;
    v_hash := encode(sha256(convert_to(
      replace(replace(v_item ->> 'template', '"' || p_seq_token || '"', v_length::text), p_prev_token, v_head), 'UTF8')), 'hex');
    INSERT INTO "Decision"
      SELECT * FROM jsonb_populate_record(NULL::"Decision",
        (v_item -> 'row') || jsonb_build_object('chainSeq', v_length, 'prevHash', v_head, 'hash', v_hash));
    v_head := v_hash;
  END LOOP;

  UPDATE "AuditChain" SET "length" = v_length, "headHash" = v_head, "updatedAt" = now() WHERE "cycleId" = p_cycle_id;
  RETURN v_length;
END;
$$;
