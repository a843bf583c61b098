-- Appending to a cycle's audit hash chain in one statement (issue 12). The writes of one
-- cycle take turns at its chain head, which stays locked from the append to the commit.
-- The append used to be four round trips from the application under that lock (lock the
-- head, insert the events, insert the decisions, move the head); with this function it is
-- one, so the turn is that much shorter. The hashes are the same as before: the
-- application sends each row's canonical JSON with two tokens in place of its chain
-- position and the previous row's hash, and the function puts them in and hashes it
-- (SHA-256 over the UTF-8 text), exactly as `auditEventHash`/`decisionHash` do.
--
-- p_events / p_decisions: [{ "row": { every column of the table but the chain's }, "template": canonical JSON }]
-- Returns the chain's new length.
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
BEGIN
  -- Creates the head on first use or else touches it; either way the row stays locked.
  INSERT INTO "AuditChain" ("cycleId", "length", "headHash", "startedAt", "updatedAt")
  VALUES (p_cycle_id, 0, p_genesis_hash, now(), now())
  ON CONFLICT ("cycleId") DO UPDATE SET "updatedAt" = now()
  RETURNING "length", "headHash" INTO v_length, v_head;

  FOR v_item IN SELECT value FROM jsonb_array_elements(p_events) LOOP
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
