import { Alert, App, Button, Card, Checkbox, Form, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import { useBundle, useSubmitJoint } from '../api/joint';
import { DynamicFields } from '../components/DynamicForm';

/**
 * 一表通: one form for every member item, the combined material list, and the optional members.
 * An agent fills it for a client (`?applicantId=`), under their authorisation.
 */
export function BundleApplyPage() {
  const { bundleId } = useParams();
  const [params] = useSearchParams();
  const applicantId = params.get('applicantId') ? Number(params.get('applicantId')) : undefined;
  const { data: bundle, isLoading, error } = useBundle(Number(bundleId));
  const { data: me } = useMe();
  const submit = useSubmitJoint();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<number[]>([]);
  const [form] = Form.useForm();
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;

  if (isLoading) return <Skeleton active />;
  if (error || !bundle) return <Alert type="error" message={error?.message ?? '联办事项不存在'} />;
  const included = (m: (typeof bundle.members)[number]) =>
    m.required || chosen.includes(m.itemId) || (m.condition !== null && String(values?.[m.condition.field] ?? '') === m.condition.value);

  return (
    <Card title={`一件事一次办：${bundle.name}`} extra={<Tag color="blue">承诺 {bundle.promisedLimitDays} 个工作日办结</Tag>}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={`一张表单代替 ${bundle.savings.forms} 张：填写 ${bundle.savings.questionsAsked} 项，代替原来的 ${bundle.savings.questionsReplaced} 项`}
        description={bundle.description}
      />
      {me?.role === 'agent' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="代办申请：本申请将以委托人名义提交，并记录为「代办员代为办理」" />}
      <Space align="start" wrap size="large" style={{ width: '100%' }}>
        <Form
          form={form}
          layout="vertical"
          style={{ width: 560, maxWidth: '100%' }}
          onFinish={async (formValues: Record<string, unknown>) => {
            const formData = Object.fromEntries(Object.entries(formValues).filter(([, v]) => v !== undefined && v !== ''));
            try {
              const { application } = await submit.mutateAsync({ bundleId: bundle.id, formData, optionalItemIds: chosen, applicantId });
              message.success(`已提交，联办编号 ${application.number}`);
              navigate(me?.role === 'agent' ? `/agent/joint/${application.id}` : `/portal/joint/${application.id}`);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <DynamicFields fields={bundle.formFields as Parameters<typeof DynamicFields>[0]['fields']} />
          <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="submit-bundle">
            一次提交
          </Button>
        </Form>
        <Space direction="vertical" style={{ minWidth: 300, flex: 1 }}>
          <Card size="small" title="本次一并办理的事项">
            <List
              size="small"
              dataSource={bundle.members}
              renderItem={(m) => (
                <List.Item data-testid="bundle-member">
                  <Space direction="vertical" size={0}>
                    <Space>
                      {m.required ? (
                        <Tag color="blue">必办</Tag>
                      ) : (
                        <Checkbox aria-label={`一并办理：${m.itemName}`} checked={included(m)} disabled={m.condition !== null} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, m.itemId] : c.filter((x) => x !== m.itemId)))} />
                      )}
                      <Typography.Text delete={!included(m)}>{m.itemName}</Typography.Text>
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.departmentName}
                      {m.condition ? `（${bundle.formFields.find((f) => f.key === m.condition!.field)?.label ?? m.condition.field}为「${m.condition.value}」时办理）` : ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title="合并材料清单（每份只交一次）">
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {bundle.materials.map((m) => (
                <li key={m.name}>
                  {m.name}
                  {m.itemNames.length > 1 && <Typography.Text type="secondary">（{m.itemNames.length} 个事项共用）</Typography.Text>}
                </li>
              ))}
            </ul>
          </Card>
        </Space>
      </Space>
    </Card>
  );
}
