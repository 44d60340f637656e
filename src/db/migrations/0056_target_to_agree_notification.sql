-- A learner's proposed target group is for an instructor of their course to agree (seed 004 §4.6): the
-- instructors hear of it as they hear of a plan to agree, by a notification of its own kind.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check,
  ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('entry_to_review', 'entry_decided', 'plan_to_agree',
    'plan_agreed', 'plan_sent_back', 'grade_failing', 'grade_rejected', 'follow_up_due', 'hand_in_overdue',
    'target_to_agree'));
