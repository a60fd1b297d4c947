-- Windows: 综合窗口 (comprehensive, any item) or a department's own window, the items it serves, and
-- whether it is still open (a closed window keeps its number for the record).
ALTER TABLE windows
  ADD COLUMN kind text NOT NULL DEFAULT 'comprehensive' CHECK (kind IN ('comprehensive', 'department')),
  ADD COLUMN department_id integer REFERENCES departments (id),
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD CONSTRAINT windows_department_kind CHECK (kind <> 'department' OR department_id IS NOT NULL);

CREATE TABLE window_items (
  window_id integer NOT NULL REFERENCES windows (id) ON DELETE CASCADE,
  item_id integer NOT NULL REFERENCES service_items (id),
  PRIMARY KEY (window_id, item_id)
);
