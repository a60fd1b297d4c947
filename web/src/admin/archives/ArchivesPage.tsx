import { Alert, App, Card, Input, InputNumber, Modal, Radio, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useArchiveDecision, useArchives, type TArchive } from '../../api/licence-admin';

const retention = (a: TArchive) => (a.retentionYears === null ? '永久' : `${a.retentionYears} 年（至 ${a.retainUntil}）`);

function DecisionModal({ archive, onClose }: { archive: TArchive; onClose: () => void }) {
  const [decision, setDecision] = useState<'destroy' | 'extend'>('extend');
  const [reason, setReason] = useState('');
  const [years, setYears] = useState(10);
  const decide = useArchiveDecision();
  const { message } = App.useApp();
  return (
    <Modal
      open
      title={`到期鉴定：${archive.caseNumber}`}
      okText={decision === 'destroy' ? '确认销毁' : '延长保管'}
      okButtonProps={{ danger: decision === 'destroy', disabled: reason.trim().length < 4, loading: decide.isPending }}
      onCancel={onClose}
      onOk={() =>
        decide.mutate(
          { caseId: archive.caseId, decision, reason, ...(decision === 'extend' ? { extendYears: years } : {}) },
          {
            onSuccess: () => {
              message.success(decision === 'destroy' ? '已销毁，档案目录与鉴定记录保留' : `已延长保管 ${years} 年`);
              onClose();
            },
            onError: (e) => message.error(errorMessage(e)),
          },
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {archive.itemName}，归档于 {archive.archivedAt.slice(0, 10)}，保管期限 {retention(archive)}。鉴定决定记录决定人、时间和理由；销毁后文件删除，清单与鉴定记录永久保留。
        </Typography.Text>
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value)}>
          <Radio value="extend">延长保管</Radio>
          <Radio value="destroy">销毁</Radio>
        </Radio.Group>
        {decision === 'extend' && (
          <Space>
            延长 <InputNumber min={1} max={100} value={years} onChange={(v) => setYears(v ?? 10)} /> 年
          </Space>
        )}
        <Input.TextArea rows={3} value={reason} maxLength={1000} placeholder="鉴定意见（如：经鉴定小组鉴定，已无保存价值）" onChange={(e) => setReason(e.target.value)} />
      </Space>
    </Modal>
  );
}

function ArchiveTable({ due }: { due: boolean }) {
  const { data, isLoading, error } = useArchives(due);
  const [deciding, setDeciding] = useState<TArchive | null>(null);
  return (
    <>
      {error && <Alert type="error" message={error.message} />}
      <Table
        rowKey="caseId"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: due ? '没有已过保管期限、待鉴定的档案' : '暂无档案' }}
        columns={[
          { title: '申请编号', dataIndex: 'caseNumber' },
          { title: '事项', dataIndex: 'itemName' },
          { title: '归档时间', dataIndex: 'archivedAt', render: (v: string) => v.slice(0, 10) },
          { title: '文件', dataIndex: 'files', render: (n: number) => `${n} 个` },
          { title: '保管期限', render: (_, a) => retention(a) },
          {
            title: '鉴定',
            render: (_, a) =>
              a.decision === 'destroy' ? (
                <Tag color="default">已销毁 {a.decidedAt?.slice(0, 10)}：{a.decisionReason}</Tag>
              ) : a.decisionReason ? (
                <Tag color="blue">已延长：{a.decisionReason}</Tag>
              ) : due ? (
                <Tag color="orange">待鉴定</Tag>
              ) : null,
          },
          {
            title: '',
            render: (_, a) =>
              a.decision !== 'destroy' && (
                <Space>
                  <a href={`/api/admin/archives/${a.caseId}/export`}>导出</a>
                  {due && <a onClick={() => setDeciding(a)}>鉴定</a>}
                </Space>
              ),
          },
        ]}
      />
      {deciding && <DecisionModal archive={deciding} onClose={() => setDeciding(null)} />}
    </>
  );
}

/** 电子档案: every archived case with its retention; packages past retention wait for a recorded decision. */
export function ArchivesPage() {
  return (
    <Card title="电子档案" extra={<Typography.Text type="secondary">每个档案包附 SM3 清单，可用 npm run cli -- archive verify 校验</Typography.Text>}>
      <Tabs
        items={[
          { key: 'all', label: '全部档案', children: <ArchiveTable due={false} /> },
          { key: 'due', label: '到期待鉴定', children: <ArchiveTable due /> },
        ]}
      />
    </Card>
  );
}
