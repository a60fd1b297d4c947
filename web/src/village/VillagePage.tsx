import { App, Button, Card, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../api/auth';
import { useItem } from '../api/catalog';
import { ApiError, errorMessage } from '../api/client';
import { applyForVillager, captureConsent, confirmConsent, handBack, useCentreDetail, useVillageApplications, type TAgencyApplication } from '../api/network';
import { DynamicFields } from '../components/DynamicForm';
import { SignaturePad } from './SignaturePad';

const STATUS_NAMES: Record<string, string> = {
  submitted: '待受理',
  correction_required: '待补正',
  accepted: '审批中',
  refused: '不予受理',
  approved: '已准予，待出件',
  denied: '不予许可，待出件',
  completed: '已办结',
  withdrawn: '已撤回',
};

/**
 * 村代办: the agent records the villager's consent (signature or SMS code read back), fills the
 * item's form for them, then tracks the case and hands the result back.
 */
export function VillagePage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: me } = useMe();
  const { data: point } = useCentreDetail(me?.centreId ?? undefined);
  const { data: applications = [], isLoading } = useVillageApplications();
  const [form] = Form.useForm();
  const itemId = Form.useWatch('itemId', form) as number | undefined;
  const consentKind = (Form.useWatch('consentKind', form) as 'signature' | 'sms' | undefined) ?? 'signature';
  const { data: item } = useItem(itemId);
  const [signature, setSignature] = useState<string | null>(null);
  const [smsConsent, setSmsConsent] = useState<{ id: number; maskedPhone: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const villagerOf = (v: Record<string, string>) => ({ name: v.villagerName, identityNumber: v.villagerId, phone: v.villagerPhone });

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const { itemId: chosen, villagerName, villagerId, villagerPhone, consentKind: kind, smsCode, ...formData } = values as Record<string, string>;
      const villager = villagerOf({ villagerName: villagerName!, villagerId: villagerId!, villagerPhone: villagerPhone! });
      let consentId: number;
      if (kind === 'sms') {
        if (!smsConsent) throw new Error('请先发送验证码');
        const confirmed = await confirmConsent(smsConsent.id, smsCode ?? '');
        if (!confirmed.confirmed) throw new Error('验证码不正确');
        consentId = smsConsent.id;
      } else {
        if (!signature) throw new Error('请村民在签名板上签名');
        consentId = (await captureConsent({ kind: 'signature', villager, itemId: Number(chosen), signaturePng: signature })).id;
      }
      await applyForVillager({ consentId, formData });
      message.success('代办申请已提交，等待窗口受理');
      form.resetFields();
      setSmsConsent(null);
      void client.invalidateQueries({ queryKey: ['village-applications'] });
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) {
        form.setFields(e.details.map((d) => ({ name: d.field.replace(/^body\.(formData\.|villager\.)?/, ''), errors: [d.message] })));
      }
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`代办申请${point ? ` · ${point.name}` : ''}`}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ consentKind: 'signature' }} style={{ maxWidth: 640 }}>
          <Form.Item name="itemId" label="代办事项" htmlFor="village-item" rules={[{ required: true, message: '请选择事项' }]}>
            <Select id="village-item" options={(point?.offered ?? []).map((o) => ({ value: o.itemId, label: o.name }))} />
          </Form.Item>
          <Form.Item name="villagerName" label="村民姓名" htmlFor="villager-name" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input id="villager-name" />
          </Form.Item>
          <Form.Item name="villagerId" label="居民身份证号" htmlFor="villager-id" rules={[{ required: true, len: 18, message: '18 位身份证号' }]}>
            <Input id="villager-id" />
          </Form.Item>
          <Form.Item name="villagerPhone" label="村民手机号" htmlFor="villager-phone" rules={[{ required: true, pattern: /^1\d{10}$/, message: '11 位手机号' }]}>
            <Input id="villager-phone" />
          </Form.Item>
          <Form.Item name="consentKind" label="村民授权方式">
            <Radio.Group options={[{ value: 'signature', label: '当面签名' }, { value: 'sms', label: '短信验证码' }]} />
          </Form.Item>
          {consentKind === 'signature' ? (
            <Form.Item label="村民签名">
              <SignaturePad onChange={setSignature} />
            </Form.Item>
          ) : (
            <Space align="end">
              <Button
                onClick={async () => {
                  try {
                    const v = form.getFieldsValue() as Record<string, string>;
                    const consent = await captureConsent({ kind: 'sms', villager: villagerOf(v), itemId: Number(v.itemId) });
                    setSmsConsent({ id: consent.id, maskedPhone: consent.maskedPhone });
                    message.success(`验证码已发送至 ${consent.maskedPhone}`);
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                发送验证码
              </Button>
              <Form.Item name="smsCode" label="村民读回的验证码" style={{ marginBottom: 0 }}>
                <Input maxLength={6} />
              </Form.Item>
            </Space>
          )}
          {item && <DynamicFields fields={item.formFields} />}
          <Button type="primary" htmlType="submit" loading={busy}>
            提交代办申请
          </Button>
        </Form>
      </Card>
      <Card title="我的代办件">
        <Table<TAgencyApplication>
          rowKey="caseId"
          loading={isLoading}
          dataSource={applications}
          pagination={false}
          columns={[
            { title: '申请号', dataIndex: 'number' },
            { title: '事项', dataIndex: 'itemName' },
            { title: '村民', dataIndex: 'villagerName' },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag data-testid="village-status">{STATUS_NAMES[s] ?? s}</Tag> },
            { title: '授权', dataIndex: 'consentKind', render: (k: string) => (k === 'sms' ? '短信' : '签名') },
            {
              title: '结果交还',
              render: (_: unknown, a) =>
                a.handedBackAt ? (
                  <Tag color="green">已交还</Tag>
                ) : a.status === 'completed' ? (
                  <Button size="small" onClick={() => void handBack(a.caseId, '').then(() => client.invalidateQueries({ queryKey: ['village-applications'] }))}>
                    交还村民
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
