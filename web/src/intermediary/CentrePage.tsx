import { Button, Card, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../api/auth';
import { AGENCY_STATUS, useAllAgencies, useComplaints, useContracts, useEvents, useSupermarketAction, type Intermediary } from '../api/intermediary';
import { actorRoleName, formatTime } from '../components/format';
import { LightTag } from './LightTag';
import { useReport } from '../components/useReport';

const ACTION_LABELS: Record<string, string> = {
  designation_refused: '指定中介企图（已拒绝）',
  selected: '选定',
  responded: '报名',
  announcement_posted: '发布公告',
  contract_signed: '签约',
  report_delivered: '交付成果',
  rated: '评价',
  approved: '准予入驻',
  rejected: '不予入驻',
  registered: '登记入驻',
  qualification_expired: '资质过期',
  sanction_warning: '警告',
  sanction_suspension: '暂停',
  sanction_blacklist: '列入黑名单',
};

/** The centre's desk for the supermarket (supervisors see the same, read-only): registrations, sanctions, lights, complaints, the trace. */
export function CentrePage() {
  const { data: me } = useMe();
  const isAdmin = me?.role === 'admin';
  const agencies = useAllAgencies();
  const contracts = useContracts();
  const complaints = useComplaints();
  const attempts = useEvents('designation_refused');
  const events = useEvents();
  const [sanctioning, setSanctioning] = useState<Intermediary>();
  const review = useSupermarketAction<{ id: number; approve: boolean; note: string }>((b) => `/api/intermediary/agencies/${b.id}/review`, (b) => ({ approve: b.approve, note: b.note }));
  const decide = useSupermarketAction<{ id: number; upheld: boolean }>((b) => `/api/intermediary/complaints/${b.id}/decide`, (b) => ({ upheld: b.upheld, finding: b.upheld ? '经核查，投诉属实' : '经核查，投诉不属实' }));
  const run = useReport();
  return (
    <Card title="中介超市管理">
      <Tabs
        items={[
          {
            key: 'agencies',
            label: '入驻机构',
            children: (
              <Table
                rowKey="id"
                loading={agencies.isLoading}
                dataSource={agencies.data?.intermediaries}
                pagination={false}
                scroll={{ x: 900 }}
                columns={[
                  { title: '机构', dataIndex: 'name' },
                  { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
                  { title: '状态', render: (_, a) => <Tag color={a.status === 'approved' ? 'green' : a.status === 'pending' ? 'processing' : 'red'}>{AGENCY_STATUS[a.status]}</Tag>, width: 90 },
                  { title: '信用', render: (_, a) => `${a.grade} · ${a.score}`, width: 100 },
                  {
                    title: '操作',
                    width: 220,
                    render: (_, a) =>
                      isAdmin && (
                        <Space>
                          {a.status === 'pending' && (
                            <>
                              <Button size="small" type="primary" onClick={() => void run(review.mutateAsync({ id: a.id, approve: true, note: '资质材料齐全，准予入驻' }), '已准予入驻')}>准予入驻</Button>
                              <Button size="small" onClick={() => void run(review.mutateAsync({ id: a.id, approve: false, note: '资质材料不全' }), '已退回')}>不予入驻</Button>
                            </>
                          )}
                          {['approved', 'suspended'].includes(a.status) && <Button size="small" danger onClick={() => setSanctioning(a)}>处理</Button>}
                        </Space>
                      ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'contracts',
            label: '服务时限',
            children: (
              <Table
                rowKey="id"
                loading={contracts.isLoading}
                dataSource={contracts.data?.contracts}
                pagination={false}
                scroll={{ x: 800 }}
                columns={[
                  { title: '项目', dataIndex: 'projectName' },
                  { title: '服务事项', dataIndex: 'serviceTypeName' },
                  { title: '中介机构', dataIndex: 'intermediaryName' },
                  { title: '到期', dataIndex: 'dueDate', width: 110 },
                  { title: '时限', render: (_, c) => <LightTag light={c.light} />, width: 100 },
                ]}
              />
            ),
          },
          {
            key: 'complaints',
            label: '投诉',
            children: (
              <Table
                rowKey="id"
                dataSource={complaints.data?.complaints}
                pagination={false}
                columns={[
                  { title: '中介机构', dataIndex: 'intermediaryName' },
                  { title: '内容', dataIndex: 'content' },
                  { title: '认定', render: (_, c) => (c.upheld === null ? (isAdmin ? <Space><Button size="small" danger onClick={() => void run(decide.mutateAsync({ id: c.id, upheld: true }), '已认定属实')}>属实</Button><Button size="small" onClick={() => void run(decide.mutateAsync({ id: c.id, upheld: false }), '已认定不属实')}>不属实</Button></Space> : '待认定') : c.upheld ? '属实' : '不属实'), width: 180 },
                ]}
              />
            ),
          },
          {
            key: 'attempts',
            label: `指定中介企图（${attempts.data?.events.length ?? 0}）`,
            children: (
              <Table
                rowKey="id"
                dataSource={attempts.data?.events}
                pagination={false}
                columns={[
                  { title: '时间', render: (_, e) => formatTime(e.at), width: 170 },
                  { title: '人员', render: (_, e) => `${e.actorName ?? '系统'}（${actorRoleName(e.actorRole)}）` },
                  { title: '公告', render: (_, e) => e.entityId ?? '发布公告', width: 100 },
                ]}
              />
            ),
          },
          {
            key: 'trace',
            label: '操作留痕',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type={events.data?.chain.brokenAt ? 'danger' : 'success'}>
                  {events.data ? (events.data.chain.brokenAt ? `留痕链在第 ${events.data.chain.brokenAt} 条断开，记录可能被篡改` : `留痕链完整（${events.data.chain.rows} 条，SM3 链式校验）`) : ''}
                </Typography.Text>
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={events.data?.events}
                  columns={[
                    { title: '时间', render: (_, e) => formatTime(e.at), width: 170 },
                    { title: '操作', render: (_, e) => ACTION_LABELS[e.action] ?? e.action },
                    { title: '人员', render: (_, e) => e.actorName ?? '系统' },
                  ]}
                />
              </Space>
            ),
          },
        ]}
      />
      <SanctionDialog agency={sanctioning} onClose={() => setSanctioning(undefined)} />
    </Card>
  );
}

function SanctionDialog({ agency, onClose }: { agency: Intermediary | undefined; onClose: () => void }) {
  const report = useReport();
  const [kind, setKind] = useState<'warning' | 'suspension' | 'blacklist'>('warning');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState<number | null>(30);
  const sanction = useSupermarketAction<{ id: number }>((b) => `/api/intermediary/agencies/${b.id}/sanctions`, () => ({ kind, reason, days: kind === 'warning' ? undefined : (days ?? undefined) }));
  return (
    <Modal
      title={`处理：${agency?.name ?? ''}`}
      open={agency !== undefined}
      onCancel={onClose}
      okText="确定"
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
      onOk={async () => {
        if (await report(sanction.mutateAsync({ id: agency!.id }), '已处理')) onClose();
      }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select value={kind} onChange={setKind} style={{ width: 200 }} options={[{ value: 'warning', label: '警告' }, { value: 'suspension', label: '暂停（期限内不得参与选取）' }, { value: 'blacklist', label: '列入黑名单' }]} aria-label="处理方式" />
        {kind !== 'warning' && (
          <Space>
            期限 <InputNumber min={1} max={3650} value={days} onChange={setDays} aria-label="期限（天）" /> 天{kind === 'blacklist' ? '（不填为长期）' : ''}
          </Space>
        )}
        <Input.TextArea rows={3} placeholder="处理理由" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="处理理由" />
      </Space>
    </Modal>
  );
}
