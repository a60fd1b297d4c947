import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useRunningCases, type RunningCase, type RunningKind } from '../api/supervision';
import { formatDate } from '../components/format';
import { DirectiveDialog, type DirectiveTarget } from './DirectiveDialog';
import { useSeatParams } from './SuperviseHome';

const TEXT: Record<RunningKind, { empty: string; hint: string }> = {
  overdue: { empty: '没有超期办件', hint: '已过承诺办结日期仍未办结，超期最久的在前' },
  warning: { empty: '没有预警办件', hint: '临近承诺办结日期，最近到期的在前' },
  stopped: { empty: '没有中止计时的办件', hint: '听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审（行政许可法第四十五条）及事项规定的受理后补正期间不计入办理时限；现场勘查照常计时' },
};
const GROUP_LABEL = { department: '部门', window: '窗口', item: '事项' };

/** The working days over or left, as the legal clock counts them. */
function DaysTag({ row, kind }: { row: RunningCase; kind: RunningKind }) {
  if (kind === 'stopped') return <Tag>中止计时</Tag>;
  if (row.workdaysLeft < 0) return <Tag color="red" data-testid="days-over">超期 {-row.workdaysLeft} 个工作日</Tag>;
  if (row.workdaysLeft === 0) return <Tag color="volcano">今日到期</Tag>;
  return <Tag color="gold">剩 {row.workdaysLeft} 个工作日</Tag>;
}

/** 超期 / 预警 / 中止: the running cases of one light, a page at a time; a row opens the case's timeline. */
export function RunningCasesTab({ kind }: { kind: RunningKind }) {
  const { filter, setFilter } = useSeatParams();
  const navigate = useNavigate();
  const list = useRunningCases(kind, filter);
  const [directive, setDirective] = useState<DirectiveTarget | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.error) return <Alert type="error" showIcon message={list.error.message} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        {filter && (
          <Tag closable color="blue" onClose={() => setFilter(null)} data-testid="list-filter">
            仅看{GROUP_LABEL[filter.group]}：{filter.name}
          </Tag>
        )}
        <Typography.Text type="secondary">{TEXT[kind].hint}</Typography.Text>
      </Space>
      <Table<RunningCase>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: TEXT[kind].empty }}
        onRow={(r) => ({ onClick: () => navigate(`/supervise/cases/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': 'case-row' }) as never}
        columns={[
          { title: '申请编号', dataIndex: 'number', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: '事项', dataIndex: 'itemName' },
          { title: '办理部门', dataIndex: 'departmentName' },
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '承办人', dataIndex: 'assigneeName', render: (v: string | null) => v ?? <Typography.Text type="secondary">待认领</Typography.Text> },
          { title: kind === 'stopped' ? '原承诺办结' : '承诺办结', dataIndex: 'dueDate', render: (v: string) => formatDate(v) },
          {
            title: kind === 'overdue' ? '超期' : kind === 'warning' ? '剩余' : '计时',
            render: (_: unknown, r: RunningCase) => (
              <Space size={4}>
                <DaysTag row={r} kind={kind} />
                {r.warnedRed && kind === 'overdue' && <Tag>已发红灯</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            render: (_: unknown, r: RunningCase) => (
              <Button
                size="small"
                danger={kind === 'overdue'}
                onClick={(e) => {
                  e.stopPropagation();
                  setDirective({ caseId: r.id, label: `办件 ${r.number}（${r.departmentName}）` });
                }}
              >
                督办
              </Button>
            ),
          },
        ]}
      />
      <Space>
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            加载更多
          </Button>
        )}
        <Typography.Text type="secondary">
          已显示 {rows.length} 件{list.hasNextPage ? '，还有更多' : rows.length ? '，已全部显示' : ''}
        </Typography.Text>
      </Space>
      <DirectiveDialog target={directive} onClose={() => setDirective(null)} />
    </Space>
  );
}
