import { Alert, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useSupervisorDirectives, type Directive } from '../api/supervision';
import { formatDate, formatTime } from '../components/format';
import { chinaToday } from './format';
import { useSeatParams } from './SuperviseHome';

type DirectiveState = 'replied' | 'escalated' | 'overdue' | 'waiting';
/** Where a 督办 stands: replied, escalated after a late reply, past its reply date, or waiting. */
export function directiveState(d: Directive, today: string): DirectiveState {
  if (d.repliedAt) return 'replied';
  if (d.escalatedAt) return 'escalated';
  return d.replyDue < today ? 'overdue' : 'waiting';
}
const STATE_TAG: Record<DirectiveState, { color: string; label: string }> = {
  replied: { color: 'green', label: '已回复' },
  escalated: { color: 'red', label: '逾期未复，已升级' },
  overdue: { color: 'red', label: '逾期未复' },
  waiting: { color: 'orange', label: '待回复' },
};
const FILTERS = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '待回复' },
  { value: 'late', label: '逾期' },
  { value: 'replied', label: '已回复' },
];

/** 督办 issued in the region: to whom, by when, and what the department answered. */
export function DirectivesTab() {
  const { data, isLoading, error } = useSupervisorDirectives();
  const { params, update } = useSeatParams();
  const show = params.get('ds') ?? 'all';
  const today = chinaToday();
  const rows = (data?.directives ?? []).filter((d) => {
    const state = directiveState(d, today);
    if (show === 'open') return state !== 'replied';
    if (show === 'late') return state === 'overdue' || state === 'escalated';
    if (show === 'replied') return state === 'replied';
    return true;
  });
  if (error) return <Alert type="error" showIcon message={error.message} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented options={FILTERS} value={show} onChange={(value) => update({ ds: value === 'all' ? null : String(value) })} />
        <Typography.Text type="secondary">在超期、预警列表或红黄绿灯（按部门）中点“督办”发出；最近 200 条</Typography.Text>
      </Space>
      <Table<Directive>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '没有督办' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={() => ({ 'data-testid': 'directive-row' }) as never}
        columns={[
          { title: '督办时间', dataIndex: 'issuedAt', render: (v: string) => formatTime(v), width: 150 },
          {
            title: '督办对象',
            render: (_: unknown, d: Directive) =>
              d.caseId ? (
                <Space orientation="vertical" size={0}>
                  <Link to={`/supervise/cases/${d.caseId}`}>办件 {d.caseNumber}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.departmentName}</Typography.Text>
                </Space>
              ) : (
                <span>{d.departmentName}（部门）</span>
              ),
          },
          { title: '督办事项', dataIndex: 'content', render: (v: string) => <div style={{ maxWidth: 320, whiteSpace: 'pre-wrap' }}>{v}</div> },
          { title: '回复期限', dataIndex: 'replyDue', render: (v: string) => formatDate(v), width: 130 },
          {
            title: '状态',
            width: 150,
            render: (_: unknown, d: Directive) => {
              const state = directiveState(d, today);
              return (
                <Tag color={STATE_TAG[state].color} data-testid="directive-state">
                  {STATE_TAG[state].label}
                </Tag>
              );
            },
          },
          {
            title: '部门回复',
            render: (_: unknown, d: Directive) =>
              d.reply ? (
                <div style={{ maxWidth: 320 }}>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{d.reply}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(d.repliedAt)}</Typography.Text>
                </div>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
        ]}
      />
    </Space>
  );
}
