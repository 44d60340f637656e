-- The query parameters of the target link a login was started for (Moodle custom URLs such as ?section=3). ltijs
-- kept them in its own state row, read back in the middle of the launch; kept with the login instead, they come
-- back from the one statement that consumes the login and records the launch.
ALTER TABLE lti_login_states ADD COLUMN target_query jsonb;

-- Raised by the launch's statement when the login it brings back cannot be consumed: the whole statement (who,
-- where, ltijs' session rows) then writes nothing. The message is the refusal code the tool shows a page for.
CREATE FUNCTION lti_login_refused(code text) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = code, HINT = 'lti_login_refused';
END $$;
