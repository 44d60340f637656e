-- When the tool last posted this row's score to the LMS (set just before the POST, after the access token was
-- got). A 409 ("not newer") means the LMS already holds this score only if one of our POSTs went out before;
-- `attempts` counts claims, also those whose token request failed and sent nothing. NULL: never posted.
-- Rows still waiting from before this column may have been posted (their answer lost): they keep the old reading.
ALTER TABLE grade_outbox ADD COLUMN score_sent_at timestamptz;
UPDATE grade_outbox SET score_sent_at = now() WHERE status IN ('pending', 'failing') AND attempts > 0;
