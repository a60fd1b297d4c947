import { App, Button, Card, Checkbox, Col, Divider, Form, Input, Radio, Row, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../api/client';
import type { TJointApplication } from '../../../server/src/modules/joint/schema';
import { useBundle, useBundles } from '../api/joint';
import { DynamicFields } from '../components/DynamicForm';

/** 窗口联办登记: the clerk takes a walk-in applicant's one form for a bundle and accepts it once. */
export function JointWalkInPage() {
  const [form] = Form.useForm();
  const [bundleId, setBundleId] = useState<number>();
  const { data: bundles } = useBundles('bundle');
  const { data: bundle } = useBundle(bundleId ?? 0);
  const [saving, setSaving] = useState(false);
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <Card title="窗口联办登记（一件事一次办）">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'legal', acceptNow: true }}
        onFinish={async (values: Record<string, unknown>) => {
          if (!bundle) return;
          const keys = new Set(bundle.formFields.map((f) => f.key));
          const formData = Object.fromEntries(Object.entries(values).filter(([k, v]) => keys.has(k) && v !== undefined && v !== ''));
          setSaving(true);
          try {
            const { application } = await api.post<TJointApplication>('/api/hall/joint-walk-in', {
              applicant: { kind: values.kind, name: values.applicantName, identityNumber: values.identityNumber, phone: values.applicantPhone },
              bundleId: bundle.id,
              formData,
              acceptNow: values.acceptNow === true,
            });
            message.success(`已登记，联办编号 ${application.number}`);
            navigate(`/hall/joint/${application.id}`);
          } catch (e) {
            message.error(errorMessage(e));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="kind" label="申请人类型">
              <Radio.Group options={[{ value: 'legal', label: '法人' }, { value: 'natural', label: '自然人' }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="applicantName" label="姓名 / 单位名称" rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="identityNumber" label="身份证号 / 统一社会信用代码" rules={[{ required: true, len: 18, message: '18 位' }]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="applicantPhone" label="手机号" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '11 位手机号' }]}>
              <Input maxLength={11} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="一件事">
          <Select aria-label="一件事" value={bundleId} onChange={setBundleId} placeholder="选择一件事" options={(bundles ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.members.length} 个事项，承诺 ${b.promisedLimitDays} 个工作日）` }))} />
        </Form.Item>
        {bundle && (
          <>
            <Divider>一表通（{bundle.members.map((m) => m.itemName).join('、')}）</Divider>
            <DynamicFields fields={bundle.formFields as Parameters<typeof DynamicFields>[0]['fields']} />
            <Form.Item name="acceptNow" valuePropName="checked">
              <Checkbox>材料齐全，当场一次受理并抄告各部门</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              登记
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}
