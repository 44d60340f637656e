-- A module's grade goes to every placement of the module in the learner's courses (each resource link with an
-- AGS line item), not only to the link it was completed through, and again whenever the learner's best score
-- improves. The completion stays one entry of the record; the outbox gets one row per person, line item and
-- score. A completion's grade therefore no longer has the entry to itself.
ALTER TABLE grade_outbox DROP CONSTRAINT grade_outbox_entry_id_key;
CREATE INDEX grade_outbox_entry ON grade_outbox (entry_id);

-- The score's own time, sent as the AGS timestamp on every attempt: the completion's, or the retake's that
-- improved the best score (a new score must be newer than the grade the LMS holds). Rows written before this
-- migration were all completions queued as they happened.
ALTER TABLE grade_outbox ADD COLUMN scored_at timestamptz;
UPDATE grade_outbox SET scored_at = created_at;
ALTER TABLE grade_outbox ALTER COLUMN scored_at SET NOT NULL, ALTER COLUMN scored_at SET DEFAULT now();

-- Exactly once per person, line item and score, also under double submits and concurrent requests (the inserts
-- use ON CONFLICT on this index). Before it, a link whose module was changed in the LMS could have queued the
-- same score twice for one line item; the later copy says nothing the first does not, so it goes.
DELETE FROM grade_outbox a USING grade_outbox b
 WHERE a.tenant_id = b.tenant_id AND a.person_id = b.person_id AND a.lineitem_url = b.lineitem_url
   AND a.score_given = b.score_given AND a.id > b.id;
CREATE UNIQUE INDEX grade_outbox_one_score ON grade_outbox (tenant_id, person_id, lineitem_url, score_given);

-- The placements of a module, found when a learner completes it or improves their score.
CREATE INDEX resource_links_module ON resource_links (tenant_id, module_slug) WHERE ags_lineitem_url IS NOT NULL;

-- The registration (client id) a link was launched through, so that a grade queued for it outside its own
-- launch is sent with that registration's credentials. Null for links not launched since; their tenant's
-- client id stands in.
ALTER TABLE resource_links ADD COLUMN client_id text;
