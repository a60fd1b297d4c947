import { App, Button, Card, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import { useDecideExtension, usePendingExtensions, type PendingExtension } from '../api/extensions';
import { useDecideJointExtension, usePendingJointExtensions, type PendingJointExtension } from '../api/joint';
import { CaseTable } from '../components/CaseTable';
import { formatDate, formatTime } from '../components/format';

/**
 * One row's decision: a note, then 批准 or 驳回 (a rejection needs its reason). A case's extension
 * and a joint application's are decided alike; only the call and the words of success differ.
 */
function DecideButtons({ label, pending, decide }: { label: string; pending: boolean; decide: (approve: boolean, note: string | undefined, onError: (e: unknown) => void) => void }) {
  const [note, setNote] = useState('');
  const { message } = App.useApp();
  const run = (approve: boolean) => {
    if (!approve && note.trim().length < 2) {
      message.warning('请填写驳回理由');
      return;
    }
    decide(approve, note.trim() || undefined, (e) => message.error(errorMessage(e)));
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input placeholder="审批意见" value={note} onChange={(e) => setNote(e.target.value)} aria-label={label} />
      <Button type="primary" loading={pending} onClick={() => run(true)}>
        批准延期
      </Button>
      <Button danger loading={pending} onClick={() => run(false)}>
        驳回
      </Button>
    </Space.Compact>
  );
}

function DecideCaseExtension({ row }: { row: PendingExtension }) {
  const decide = useDecideExtension();
  const { message } = App.useApp();
  return (
    <DecideButtons
      label={`审批意见 ${row.number}`}
      pending={decide.isPending}
      decide={(approve, note, onError) =>
        decide.mutate({ caseId: row.caseId, approve, note }, { onSuccess: () => message.success(approve ? '已批准延期' : '已驳回延期'), onError })
      }
    />
  );
}

/** 延期审批: the requests the law gives this head to sign (art. 42). */
export function ExtensionInbox({ casePath, readOnly }: { casePath: string; readOnly?: boolean }) {
  const { data, isLoading, error } = usePendingExtensions();
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  return (
    <Table<PendingExtension>
      rowKey="id"
      loading={isLoading}
      dataSource={data ?? []}
      locale={{ emptyText: '没有待审批的延期申请' }}
      pagination={false}
      data-testid="extension-inbox"
      columns={[
        { title: '办件编号', dataIndex: 'number', render: (v: string, r) => <Link to={`${casePath}/${r.caseId}`}>{v}</Link> },
        { title: '事项', dataIndex: 'itemName' },
        { title: '部门', dataIndex: 'departmentName' },
        { title: '延期', dataIndex: 'workdays', render: (v: number) => `${v} 个工作日` },
        { title: '理由', dataIndex: 'reason' },
        { title: '申请人', dataIndex: 'requesterName', render: (v: string, r) => `${v}（${formatTime(r.requestedAt)}）` },
        { title: '现承诺日期', dataIndex: 'dueDate', render: (v: string | null) => (v ? formatDate(v) : '—') },
        { title: '审批人', dataIndex: 'approverLabel' },
        ...(readOnly ? [] : [{ title: '审批', key: 'decide', width: 360, render: (_: unknown, r: PendingExtension) => <DecideCaseExtension row={r} /> }]),
      ]}
    />
  );
}

function DecideJointExtension({ row }: { row: PendingJointExtension }) {
  const decide = useDecideJointExtension();
  const { message } = App.useApp();
  return (
    <DecideButtons
      label={`联办审批意见 ${row.number}`}
      pending={decide.isPending}
      decide={(approve, note, onError) =>
        decide.mutate(
          { jointId: row.jointApplicationId, approve, note },
          { onSuccess: () => message.success(approve ? `已批准延长 ${row.workdays} 个工作日` : '已驳回延期'), onError },
        )
      }
    />
  );
}

/**
 * 联办延期审批 (行政许可法 art. 26/42): a joint application's 45 working days may be extended by
 * 15 only with the approval of the head of the people's government at that level.
 */
export function JointExtensionInbox() {
  const { data, isLoading, error } = usePendingJointExtensions(true);
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  return (
    <Table<PendingJointExtension>
      rowKey="id"
      loading={isLoading}
      dataSource={data ?? []}
      locale={{ emptyText: '没有待审批的联办延期申请' }}
      pagination={false}
      data-testid="joint-extension-inbox"
      columns={[
        {
          title: '联办编号',
          dataIndex: 'number',
          render: (v: string, r) => (
            <Space size={4}>
              <Link to={`/head/joint/${r.jointApplicationId}`}>{v}</Link>
              {r.keyProject && <Tag color="magenta">重点项目</Tag>}
            </Space>
          ),
        },
        { title: '联办事项', dataIndex: 'bundleName' },
        { title: '延期', dataIndex: 'workdays', render: (v: number, r) => `${v} 个工作日${r.extensionWorkdays ? `（已延 ${r.extensionWorkdays}）` : ''}` },
        { title: '理由', dataIndex: 'reason' },
        { title: '申请人', dataIndex: 'requesterName', render: (v: string, r) => `${v}（${formatTime(r.requestedAt)}）` },
        { title: '承诺 / 法定期限', render: (_: unknown, r) => `${r.dueDate ? formatDate(r.dueDate) : '—'} / ${r.legalDueDate ? formatDate(r.legalDueDate) : '—'}` },
        { title: '审批', key: 'decide', width: 360, render: (_: unknown, r) => <DecideJointExtension row={r} /> },
      ]}
    />
  );
}

/** 负责人审批: the head's inbox of extensions, and (for a department head) the department's cases. */
export function HeadPage() {
  const { data: me } = useMe();
  const base = '/head/cases';
  return (
    <Card>
      <Tabs
        items={[
          ...(me?.role === 'government_head' ? [{ key: 'joint', label: '联办延期审批', children: <JointExtensionInbox /> }] : []),
          { key: 'extensions', label: '延期审批', children: <ExtensionInbox casePath={base} /> },
          ...(me?.role === 'department_head'
            ? [
                { key: 'sign', label: '待签批', children: <CaseTable params={{ queue: 'sign' }} basePath={base} columns={['applicant', 'assignee', 'due']} emptyText="没有待签批的办件" /> },
                { key: 'all', label: '本部门办件', children: <CaseTable params={{}} basePath={base} columns={['applicant', 'assignee', 'due', 'submitted']} emptyText="暂无办件" /> },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
