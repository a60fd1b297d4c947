import { Card, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCases, type CaseListParams, type CaseSummary } from '../api/cases';
import { formatDate, formatTime } from './format';
import { AcceptanceLightTag, DeliveryLightTag, LightTag, StatusTag } from './StatusTag';

type Column = 'applicant' | 'department' | 'due' | 'submitted' | 'assignee';

/** A paged list of cases in the caller's scope; a row opens the case. */
export function CaseTable({ params, basePath, columns, emptyText }: { params: CaseListParams; basePath: string; columns: Column[]; emptyText: string }) {
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const { data, isLoading, error } = useCases({ ...params, limit: pageSize, offset: (page - 1) * pageSize }, { refetchInterval: 15_000 });
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  // On a phone a table is a chore: one card per case instead.
  if (screens.md === false) {
    return (
      <List
        loading={isLoading}
        dataSource={data?.cases ?? []}
        locale={{ emptyText }}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, size: 'small' }}
        renderItem={(r) => (
          <List.Item style={{ padding: 0, borderBlockEnd: 0 }}>
          <Card size="small" style={{ marginBottom: 10, cursor: 'pointer', width: '100%' }} onClick={() => navigate(`${basePath}/${r.id}`)} data-testid="case-row">
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                {/* The name is a real link, so the case opens from the keyboard too. */}
                <Link to={`${basePath}/${r.id}`} onClick={(e) => e.stopPropagation()} style={{ fontWeight: 600 }}>
                  {r.itemName}
                </Link>
                {r.keyProject && <Tag color="magenta">重点项目·绿色通道</Tag>}
                {r.jointApplicationId && <Tag color="purple">联办</Tag>}
                <StatusTag status={r.status} label={r.statusLabel} />
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.number} · {r.departmentName}
              </Typography.Text>
              <Space wrap size={4}>
                <Typography.Text style={{ fontSize: 12 }}>提交 {formatTime(r.submittedAt)}</Typography.Text>
                {r.dueDate && <Typography.Text style={{ fontSize: 12 }}>· 承诺 {formatDate(r.dueDate)}</Typography.Text>}
                <LightTag light={r.light} workdaysLeft={r.workdaysLeft} />
                <AcceptanceLightTag light={r.acceptanceLight} workdaysLeft={r.acceptanceWorkdaysLeft} dueDate={r.acceptanceDueDate} />
                {r.deliveryLight && <Typography.Text style={{ fontSize: 12 }}>· 送达 {formatDate(r.deliveryDueDate)}</Typography.Text>}
                <DeliveryLightTag light={r.deliveryLight} workdaysLeft={r.deliveryWorkdaysLeft} />
              </Space>
            </Space>
          </Card>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<CaseSummary>
      rowKey="id"
      size="middle"
      loading={isLoading}
      dataSource={data?.cases ?? []}
      locale={{ emptyText }}
      scroll={{ x: 'max-content' }}
      pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 件` }}
      onRow={(record) => ({ onClick: () => navigate(`${basePath}/${record.id}`), style: { cursor: 'pointer' }, 'data-testid': 'case-row' }) as never}
      columns={[
        {
          title: '申请编号',
          dataIndex: 'number',
          // A link (the row's click is for the mouse), so a keyboard reaches every case.
          render: (v: string, r: CaseSummary) => (
            <Link to={`${basePath}/${r.id}`} onClick={(e) => e.stopPropagation()}>
              <Typography.Text code>{v}</Typography.Text>
            </Link>
          ),
        },
        { title: '事项', dataIndex: 'itemName', render: (v: string, r: CaseSummary) => <>{v}{r.jointApplicationId && <Tag color="purple" style={{ marginLeft: 6 }}>联办</Tag>}{r.keyProject && <Tag color="magenta" style={{ marginLeft: 6 }} data-testid="key-project-tag">重点项目·绿色通道</Tag>}</> },
        ...(columns.includes('applicant') ? [{ title: '申请人', dataIndex: 'applicantName' }] : []),
        ...(columns.includes('department') ? [{ title: '办理部门', dataIndex: 'departmentName' }] : []),
        { title: '状态', dataIndex: 'status', render: (_: unknown, r: CaseSummary) => <StatusTag status={r.status} label={r.statusLabel} /> },
        ...(columns.includes('assignee')
          ? [{ title: '环节', render: (_: unknown, r: CaseSummary) => (r.reviewStep ? `${r.reviewStepLabel ?? r.reviewStep} · ${r.assigneeName ?? '待认领'}` : '—') }]
          : []),
        ...(columns.includes('due')
          ? [
              {
                title: '承诺办结',
                render: (_: unknown, r: CaseSummary) => (
                  <span>
                    {formatDate(r.dueDate)} <LightTag light={r.light} workdaysLeft={r.workdaysLeft} />
                  </span>
                ),
              },
            ]
          : []),
        ...(columns.includes('submitted') ? [{ title: '提交时间', dataIndex: 'submittedAt', render: (v: string) => formatTime(v) }] : []),
        // 受理时限 (art. 32): shown wherever an application waits for acceptance.
        ...(data?.cases.some((c) => c.acceptanceLight)
          ? [
              {
                title: '受理时限',
                render: (_: unknown, r: CaseSummary) => (
                  <span>
                    {r.acceptanceDueDate ? `${formatDate(r.acceptanceDueDate)} ` : ''}
                    <AcceptanceLightTag light={r.acceptanceLight} workdaysLeft={r.acceptanceWorkdaysLeft} dueDate={r.acceptanceDueDate} />
                  </span>
                ),
              },
            ]
          : []),
        // 送达期限 (art. 44): shown wherever a granted licence waits at the issuance desk.
        ...(data?.cases.some((c) => c.deliveryLight)
          ? [
              {
                title: '送达期限',
                render: (_: unknown, r: CaseSummary) =>
                  r.deliveryLight ? (
                    <span>
                      {formatDate(r.deliveryDueDate)} <DeliveryLightTag light={r.deliveryLight} workdaysLeft={r.deliveryWorkdaysLeft} />
                    </span>
                  ) : (
                    '—'
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}
