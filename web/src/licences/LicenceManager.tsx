import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TLifecycleRequest } from '../../../server/src/modules/licences/schema';
import { errorMessage } from '../api/client';
import { LICENCE_STATUS, type TLicenceDetail } from '../api/licences';
import { useIssuedLicences, useLicenceLifecycle } from '../api/licence-admin';

type Action = TLifecycleRequest['action'];

/** Each step, the states it starts from (as the server's life-cycle table) and how it is asked for. */
const ACTIONS: { action: Action; label: string; from: string[]; danger?: boolean; hint: string }[] = [
  { action: 'change', label: '变更', from: ['valid'], hint: '变更登记事项后签发新版本（证照编号不变，旧版本作废）。' },
  { action: 'renew', label: '延续', from: ['valid'], hint: '延续有效期并签发新版本；不填新的截止日期则按证照类型的有效年限顺延。' },
  { action: 'suspend', label: '中止', from: ['valid'], hint: '中止期间验真显示“已中止”。' },
  { action: 'resume', label: '恢复', from: ['suspended'], hint: '恢复为有效。' },
  { action: 'cancel', label: '注销', from: ['valid', 'suspended'], danger: true, hint: '依申请或依法注销，注销后不可恢复。' },
  { action: 'revoke', label: '吊销', from: ['valid', 'suspended'], danger: true, hint: '行政处罚吊销，吊销后不可恢复。' },
];

const EVENT_LABELS: Record<string, string> = {
  issued: '签发', changed: '变更（新版本）', renewed: '延续（新版本）', superseded: '被新版本取代', suspended: '中止', resumed: '恢复', cancelled: '注销', revoked: '吊销', expired: '有效期届满',
};

function LifecycleModal({ licence, action, onClose }: { licence: TLicenceDetail; action: (typeof ACTIONS)[number]; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string; validTo?: Dayjs; fields?: Record<string, string> }>();
  const lifecycle = useLicenceLifecycle();
  const { message } = App.useApp();
  const submit = async () => {
    const values = await form.validateFields();
    lifecycle.mutate(
      {
        id: licence.id,
        action: action.action,
        reason: values.reason,
        ...(action.action === 'change' ? { data: Object.fromEntries(Object.entries(values.fields ?? {}).filter(([, v]) => v !== undefined)) } : {}),
        ...(action.action === 'renew' && values.validTo ? { validTo: values.validTo.format('YYYY-MM-DD') } : {}),
      },
      {
        onSuccess: () => {
          message.success(`已${action.label}`);
          onClose();
        },
        onError: (e) => message.error(errorMessage(e)),
      },
    );
  };
  return (
    <Modal open title={`${action.label}：${licence.typeName} ${licence.number}`} okText={`确认${action.label}`} okButtonProps={{ danger: action.danger, loading: lifecycle.isPending }} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{action.hint}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ fields: Object.fromEntries(licence.fields.map((f) => [f.key, f.value])) }}>
        {action.action === 'change' &&
          licence.fields.map((f) => (
            <Form.Item key={f.key} name={['fields', f.key]} label={f.label}>
              <Input maxLength={500} />
            </Form.Item>
          ))}
        {action.action === 'renew' && (
          <Form.Item name="validTo" label="新的有效期截止日期（可不填）">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={`${action.label}理由`} rules={[{ required: true, min: 2, max: 500, message: '请填写理由（2–500 字）' }]}>
          <Input.TextArea rows={3} placeholder={action.action === 'revoke' ? '如：依据行政处罚决定书 梅市监罚〔2026〕8号' : '如：申请人申请'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 证照管理: the licences this department (or centre) issued, their history, and the life-cycle steps. */
export function LicenceManager() {
  const { data, isLoading, error } = useIssuedLicences();
  const [acting, setActing] = useState<{ licence: TLicenceDetail; action: (typeof ACTIONS)[number] } | null>(null);
  const [query, setQuery] = useState('');
  const shown = (data ?? []).filter((l) => !query || l.number.includes(query) || l.holderName.includes(query) || l.typeName.includes(query));
  return (
    <>
      {error && <Alert type="error" message={error.message} />}
      <Input.Search allowClear placeholder="证照编号、持证主体或证照名称" onSearch={setQuery} style={{ maxWidth: 360, marginBottom: 12 }} />
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={shown}
        pagination={{ pageSize: 15 }}
        expandable={{
          expandedRowRender: (l) => (
            <Space align="start" size="large" wrap>
              <Descriptions size="small" column={1} bordered style={{ minWidth: 320 }}>
                {l.fields.map((f) => (
                  <Descriptions.Item key={f.key} label={f.label}>{f.value || '—'}</Descriptions.Item>
                ))}
                <Descriptions.Item label="电子证照标识">
                  <Typography.Text copyable style={{ fontSize: 12 }}>{l.identifier}</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
              <Timeline
                items={l.events.map((e) => ({ children: `${e.at.slice(0, 16).replace('T', ' ')} 第${e.version}版 ${EVENT_LABELS[e.action] ?? e.action}${e.reason ? `：${e.reason}` : ''}${e.actorName ? `（${e.actorName}）` : ''}` }))}
              />
            </Space>
          ),
        }}
        columns={[
          { title: '证照', dataIndex: 'typeName' },
          { title: '证照编号', render: (_, l) => `${l.number}${l.version > 1 ? `（第${l.version}版）` : ''}` },
          { title: '持证主体', dataIndex: 'holderName' },
          { title: '有效期', render: (_, l) => (l.validTo ? `${l.validFrom} 至 ${l.validTo}` : `${l.validFrom} 起长期`) },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => <Tag color={LICENCE_STATUS[s]?.color}>{LICENCE_STATUS[s]?.label ?? s}</Tag>,
          },
          {
            title: '操作',
            render: (_, l) => (
              <Space size={4} wrap>
                <a href={`/api/licences/${l.id}/pdf`} target="_blank" rel="noreferrer">照面</a>
                {ACTIONS.filter((a) => a.from.includes(l.status)).map((a) => (
                  <Button key={a.action} size="small" danger={a.danger} onClick={() => setActing({ licence: l, action: a })}>
                    {a.label}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {acting && <LifecycleModal licence={acting.licence} action={acting.action} onClose={() => setActing(null)} />}
    </>
  );
}
