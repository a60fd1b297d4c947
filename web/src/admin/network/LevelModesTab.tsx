import { App, Button, Checkbox, Empty, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useItemChoices, useLevelModes, useSetLevelModes, type TLevelModes } from '../../api/network';

type LevelMode = TLevelModes['modes'][number];
type Level = LevelMode['level'];
type Mode = LevelMode['mode'];
const LEVELS: { level: Level; label: string }[] = [
  { level: 'city', label: '市级' },
  { level: 'county', label: '县级' },
  { level: 'town', label: '乡镇（街道）' },
  { level: 'village', label: '村（社区）' },
];
export const MODE_LABELS: Record<Mode, string> = { full: '全程办', forward: '收件转报', agency: '代办' };
const MODE_HELP: Record<Mode, string> = { full: '在本级受理并作出决定', forward: '在本级收件、受理，报上级部门决定', agency: '由代办员代为申请' };

// A level the item is not handled at is a row without a mode; the server's list leaves it out.
type Row = Omit<LevelMode, 'mode'> & { label: string; mode: Mode | null };

/**
 * 事项层级办理方式: for one item, at which levels it is handled and how (全程办 / 收件转报 / 代办),
 * and whether the town and village guiding list (基层便民服务事项指导性目录) holds it.
 */
export function LevelModesTab() {
  const { message } = App.useApp();
  const [query, setQuery] = useState('');
  const [itemId, setItemId] = useState<number>();
  const { data: items = [], isFetching } = useItemChoices({ q: query || undefined });
  const { data: modes, isLoading } = useLevelModes(itemId);
  const save = useSetLevelModes();
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    if (!modes) return;
    setRows(LEVELS.map(({ level, label }) => {
      const m = modes.find((x) => x.level === level);
      return { level, label, mode: m?.mode ?? null, guiding: m?.guiding ?? false };
    }));
  }, [modes]);
  const change = (level: Level, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.level === level ? { ...r, ...patch, ...(patch.mode === null ? { guiding: false } : {}) } : r)));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        id="level-item"
        showSearch
        filterOption={false}
        onSearch={setQuery}
        loading={isFetching}
        style={{ width: 480, maxWidth: '100%' }}
        placeholder="输入事项名称搜索"
        value={itemId}
        onChange={setItemId}
        options={items.map((i) => ({ value: i.id, label: `${i.name}（${i.departmentName}）` }))}
      />
      {!itemId ? (
        <Empty description="选择一个事项，设置其在各层级的办理方式" />
      ) : (
        <>
          <Table<Row>
            rowKey="level"
            loading={isLoading}
            pagination={false}
            dataSource={rows}
            data-testid="level-modes"
            columns={[
              { title: '层级', dataIndex: 'label' },
              {
                title: '办理方式',
                render: (_: unknown, r) => (
                  <Select<Mode | 'none'>
                    aria-label={`${r.label}办理方式`}
                    style={{ width: 200 }}
                    value={r.mode ?? 'none'}
                    onChange={(v) => change(r.level, { mode: v === 'none' ? null : v })}
                    options={[{ value: 'none', label: '不在本级办理' }, ...(['full', 'forward', 'agency'] as const).map((m) => ({ value: m, label: MODE_LABELS[m] }))]}
                  />
                ),
              },
              { title: '说明', render: (_: unknown, r) => <Typography.Text type="secondary">{r.mode ? MODE_HELP[r.mode] : '—'}</Typography.Text> },
              {
                title: '列入指导目录（应进必进）',
                render: (_: unknown, r) =>
                  r.level === 'town' || r.level === 'village' ? (
                    <Checkbox aria-label={`${r.label}列入指导目录`} checked={r.guiding} disabled={!r.mode} onChange={(e) => change(r.level, { guiding: e.target.checked })} />
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
            ]}
          />
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { itemId, modes: rows.filter((r) => r.mode !== null).map((r) => ({ level: r.level, mode: r.mode!, guiding: r.guiding })) },
                { onSuccess: () => message.success('办理方式已保存'), onError: (e) => message.error(errorMessage(e)) },
              )
            }
          >
            保存办理方式
          </Button>
        </>
      )}
    </Space>
  );
}
