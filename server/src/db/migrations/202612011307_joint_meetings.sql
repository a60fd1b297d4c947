-- 联审会议: one meeting decides several child cases; each decision is also on its case's timeline.
CREATE TABLE joint_meetings (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  title text NOT NULL,
  held_on date NOT NULL,
  department_ids integer[] NOT NULL,
  project_ids integer[] NOT NULL DEFAULT '{}',
  minutes text NOT NULL,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE joint_meeting_decisions (
  meeting_id integer NOT NULL REFERENCES joint_meetings (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  decision text NOT NULL CHECK (decision IN ('approve', 'deny')),
  -- The department's representative at the meeting, who decides for it.
  decided_by integer NOT NULL REFERENCES users (id),
  opinion text NOT NULL,
  PRIMARY KEY (meeting_id, case_id)
);
