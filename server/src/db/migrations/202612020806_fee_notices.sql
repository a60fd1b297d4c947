-- 缴款通知书: one per case whose item charges, issued on acceptance with its 缴款码, paid through a
-- gateway (fee_payments: each attempt) or exempted (减免) with a reason.
CREATE TABLE fee_notices (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
  number text NOT NULL UNIQUE,
  payment_code text NOT NULL UNIQUE CHECK (payment_code ~ '^\d{20}$'),
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  lines jsonb NOT NULL,
  status text NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid', 'paid', 'exempted')),
  department_id integer NOT NULL REFERENCES departments (id),
  centre_id integer NOT NULL REFERENCES centres (id),
  region_code text NOT NULL,
  issued_at timestamptz NOT NULL,
  paid_at timestamptz,
  gateway text,
  gateway_txn text,
  exempted_at timestamptz,
  exempted_by integer REFERENCES users (id),
  exempt_reason text CHECK (length(exempt_reason) <= 200)
);
CREATE INDEX fee_notices_paid_day ON fee_notices (centre_id, paid_at) WHERE status = 'paid';

CREATE TABLE fee_payments (
  id uuid PRIMARY KEY,
  notice_id uuid NOT NULL REFERENCES fee_notices (id),
  gateway text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  amount_fen integer NOT NULL,
  gateway_txn text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX fee_payments_notice ON fee_payments (notice_id);
