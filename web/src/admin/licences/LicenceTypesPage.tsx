import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useLicenceTypes, useSaveLicenceType, type TLicenceType } from '../../api/licences';

const HOLDER = { natural: '自然人', legal: '法人', both: '自然人或法人' } as const;

/** Fields typed one per line as `key:标签:表单字段`, the form field optional. */
function parseFields(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key, label, formKey] = line.split(/[:：]/).map((part) => part.trim());
      return { key: key ?? '', label: label ?? key ?? '', ...(formKey ? { formKey } : {}) };
    });
}

/** 证照类型: code, issuing department, fields, validity, face, and the items that issue each. */
export function LicenceTypesPage() {
  const { data, isLoading, error } = useLicenceTypes();
  const save = useSaveLicenceType();
  const [editing, setEditing] = useState<TLicenceType | 'new' | null>(null);
  const [form] = Form.useForm();
  const { message } = App.useApp();

  const open = (type: TLicenceType | 'new') => {
    setEditing(type);
    form.setFieldsValue(
      type === 'new'
        ? { holderKind: 'both', numberPrefix: '', validityYears: null, orientation: 'portrait', accent: '#8b1a1a', fieldsText: '', itemIds: '' }
        : {
            ...type,
            orientation: type.layout.orientation,
            accent: type.layout.accent,
            fieldsText: type.fields.map((f) => [f.key, f.label, f.formKey].filter(Boolean).join(':')).join('\n'),
            itemIds: type.itemIds.join(','),
          },
    );
  };

  return (
    <Card title="证照类型" extra={<Button type="primary" onClick={() => open('new')}>新建证照类型</Button>}>
      {error && <Alert type="error" message={error.message} />}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '证照类型代码', dataIndex: 'code' },
          { title: '发证部门', dataIndex: 'departmentName' },
          { title: '持证主体', dataIndex: 'holderKind', render: (k: keyof typeof HOLDER) => HOLDER[k] },
          { title: '有效期', dataIndex: 'validityYears', render: (y: number | null) => (y ? `${y} 年` : '长期') },
          { title: '数据项', render: (_, t) => t.fields.map((f) => f.label).join('、') },
          { title: '产生该证照的事项', render: (_, t) => t.items.map((i) => <Tag key={i.id}>{i.name}</Tag>) },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{s === 'active' ? '启用' : '停用'}</Tag> },
          { title: '', render: (_, t) => <a onClick={() => open(t)}>编辑</a> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新建证照类型' : '编辑证照类型'}
        width={720}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await save.mutateAsync({
              id: editing === 'new' ? undefined : editing?.id,
              input: {
                code: v.code,
                name: v.name,
                departmentId: Number(v.departmentId),
                holderKind: v.holderKind,
                numberPrefix: v.numberPrefix ?? '',
                fields: parseFields(v.fieldsText ?? ''),
                validityYears: v.validityYears ?? null,
                layout: { orientation: v.orientation, accent: v.accent },
                itemIds: String(v.itemIds ?? '').split(/[,，\s]+/).filter(Boolean).map(Number),
                status: v.status ?? 'active',
              },
            });
            message.success('已保存');
            setEditing(null);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item name="name" label="名称" rules={[{ required: true }]}><Input style={{ width: 220 }} /></Form.Item>
            <Form.Item name="code" label="证照类型代码（21 位）" rules={[{ required: true }]}><Input style={{ width: 260 }} /></Form.Item>
            <Form.Item name="departmentId" label="发证部门 ID" rules={[{ required: true }]}><InputNumber style={{ width: 120 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="holderKind" label="持证主体"><Select style={{ width: 150 }} options={Object.entries(HOLDER).map(([value, label]) => ({ value, label }))} /></Form.Item>
            <Form.Item name="numberPrefix" label="编号前缀"><Input style={{ width: 100 }} /></Form.Item>
            <Form.Item name="validityYears" label="有效期（年，空为长期）"><InputNumber min={1} max={100} style={{ width: 150 }} /></Form.Item>
            <Form.Item name="orientation" label="版式"><Select style={{ width: 120 }} options={[{ value: 'portrait', label: '纵向' }, { value: 'landscape', label: '横向' }]} /></Form.Item>
            <Form.Item name="accent" label="主色"><Input style={{ width: 110 }} /></Form.Item>
          </Space>
          <Form.Item name="fieldsText" label="数据项（每行 标识:标签:表单字段）"><Input.TextArea rows={5} /></Form.Item>
          <Form.Item name="itemIds" label="产生该证照的事项 ID（逗号分隔）"><Input /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
