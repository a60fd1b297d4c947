import { Alert, App, Button, Card, Checkbox, Form, Input, List, QRCode, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorMessage, ApiError } from '../api/client';
import { useItem } from '../api/catalog';
import { limitText } from '../api/catalog-admin';
import { uploadForMaterial, useDrafts, useSaveDraft, useSubmitCase, type CaseDetail } from '../api/cases';
import { MaterialUploadButton, REQUIREMENT_LABELS } from '../components/MaterialChecklist';
import { DynamicFields, rememberedValues, rememberValues } from '../components/DynamicForm';
import { authoriseLicenceUse, useReusePreview } from '../api/licences';

/** Fill the item's form and submit once; a retry of the same submission never makes a second case. */
export function ApplyPage() {
  const { itemId } = useParams();
  const { data: item, isLoading, error } = useItem(Number(itemId));
  const submit = useSubmitCase();
  const [form] = Form.useForm();
  const [created, setCreated] = useState<CaseDetail | null>(null);
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const draftId = params.get('draft') ?? undefined;
  const { data: drafts } = useDrafts();
  const draft = drafts?.find((d) => d.id === draftId);
  const saveDraft = useSaveDraft();
  // One key per filled-in form: a double click or a network retry sends the same key.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  // 授权用证: the applicant's own licences stand in for materials only with their explicit consent.
  const { data: reuse } = useReusePreview(Number(itemId));
  const usable = (reuse ?? []).filter((m) => m.licence || m.way === 'government');
  const [authorised, setAuthorised] = useState(false);
  // 预上传: files sent for each listed material before submitting, and 容缺 promises by material.
  const [staged, setStaged] = useState<Record<string, { id: string; originalName: string }[]>>({});
  const [deferred, setDeferred] = useState<Record<string, string>>({});

  if (isLoading || (draftId && !drafts)) return <Skeleton active />;
  if (error || !item) return <Alert type="error" message={error?.message ?? '事项不存在'} />;

  if (created) {
    const progressUrl = `${window.location.origin}/progress?number=${encodeURIComponent(created.number)}&code=${created.queryCode}`;
    return (
      <Card>
        <Result
          status="success"
          title="申请已提交"
          subTitle="请妥善保管申请编号和查询码，凭此可随时查询办理进度。"
          extra={[
            <Link key="case" to={`/portal/cases/${created.id}`}>
              <Button type="primary">查看办件</Button>
            </Link>,
            <Link key="list" to="/portal/cases">
              <Button>我的办件</Button>
            </Link>,
          ]}
        >
          <Space direction="vertical" align="center" style={{ width: '100%' }}>
            <Typography.Text>
              申请编号：<Typography.Text strong copyable data-testid="case-number">{created.number}</Typography.Text>
            </Typography.Text>
            <Typography.Text>
              查询码：<Typography.Text strong copyable data-testid="query-code">{created.queryCode}</Typography.Text>
            </Typography.Text>
            <QRCode value={progressUrl} size={140} />
            <Typography.Text type="secondary">扫码查询办理进度</Typography.Text>
          </Space>
        </Result>
      </Card>
    );
  }

  return (
    <Card title={`在线申请：${item.name}`} extra={<Typography.Text type="secondary">{item.departmentName}</Typography.Text>}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 20 }}
        message={item.kind === 'immediate' ? '即办件：材料齐全、符合法定形式的，当场办结' : `承诺件：受理后 ${limitText(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}内办结`}
        description={item.description}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={draft?.formData ?? rememberedValues(item.formFields)}
        onFinish={async (values: Record<string, unknown>) => {
          const formData = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
          try {
            // A submitted draft is the same application: its id keeps retries to one case.
            const result = await submit.mutateAsync({
              itemId: item.id,
              formData,
              materials: Object.values(staged).flatMap((files) => files.map((f) => f.id)),
              deferred: Object.entries(deferred).filter(([, date]) => date).map(([materialId, promisedDate]) => ({ materialId, promisedDate })),
              idempotencyKey: draftId ? `draft-form:${draftId}` : idempotencyKey,
            });
            if (draftId) await fetch(`/api/drafts/${draftId}`, { method: 'DELETE', credentials: 'same-origin' });
            rememberValues(formData);
            if (authorised && usable.length) await authoriseLicenceUse(result.case.id);
            setCreated(result.case);
          } catch (e) {
            if (e instanceof ApiError && e.details.length) {
              form.setFields(e.details.map((d) => ({ name: d.field.replace(/^body\.formData\./, ''), errors: [d.message] })));
            }
            message.error(errorMessage(e));
          }
        }}
      >
        <DynamicFields fields={item.formFields} />
        {(item.materials ?? []).some((m) => !m.governmentHeld) && (
          <Card size="small" type="inner" title="申请材料（按清单逐项上传）" style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={(item.materials ?? []).filter((m) => !m.governmentHeld)}
              renderItem={(m) => (
                <List.Item data-testid={`apply-material-${m.id}`} data-required={m.requirement === 'required' && !m.licenceType && !m.commitmentAllowed ? 'true' : 'false'}>
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Text strong>{m.name}</Typography.Text>
                      <Tag color={REQUIREMENT_LABELS[m.requirement].color}>{REQUIREMENT_LABELS[m.requirement].label}</Tag>
                      {m.licenceType && <Tag color="green">可用电子证照替代</Tag>}
                      {m.commitmentAllowed && <Tag color="blue">可告知承诺</Tag>}
                      <MaterialUploadButton
                        label="上传"
                        material={m.name}
                        testId={`apply-upload-${m.id}`}
                        onFiles={async (files) => {
                          const sent = await uploadForMaterial(`/api/catalog/items/${item.id}/uploads`, m.id, files);
                          setStaged((prev) => ({ ...prev, [m.id]: [...(prev[m.id] ?? []), ...sent.materials] }));
                        }}
                      />
                    </Space>
                    {m.condition && <Typography.Text type="secondary">适用情形：{m.condition}</Typography.Text>}
                    {(staged[m.id] ?? []).length > 0 && (
                      <Typography.Text type="success">已上传：{staged[m.id]!.map((f) => f.originalName).join('、')}</Typography.Text>
                    )}
                    {m.deferrable && !(staged[m.id] ?? []).length && (
                      <Space wrap>
                        <Typography.Text type="secondary">容缺受理：暂不提交，承诺于</Typography.Text>
                        <Input
                          type="date"
                          size="small"
                          style={{ width: 160 }}
                          aria-label={`${m.name}承诺补交日期`}
                          value={deferred[m.id] ?? ''}
                          onChange={(e) => setDeferred((prev) => ({ ...prev, [m.id]: e.target.value }))}
                        />
                        <Typography.Text type="secondary">前补交</Typography.Text>
                      </Space>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        )}
        {usable.length > 0 && (
          <Card size="small" type="inner" title="减证便民：以下材料可免于提交" style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={usable}
              renderItem={(m) => (
                <List.Item>
                  <Space wrap>
                    <Tag color="green">{m.licence ? '电子证照' : '部门共享'}</Tag>
                    {m.name}
                    {m.licence && <Typography.Text type="secondary">使用我的「{m.licence.typeName}」{m.licence.number}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
            <Checkbox checked={authorised} onChange={(e) => setAuthorised(e.target.checked)} data-testid="authorise-licence-use">
              本人授权本次办件调用上述电子证照和部门共享数据（授权用证）
            </Checkbox>
          </Card>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending} size="large">
            提交申请
          </Button>
          <Button
            size="large"
            loading={saveDraft.isPending}
            onClick={() =>
              saveDraft.mutate(
                { id: draftId, itemId: item.id, formData: form.getFieldsValue() as Record<string, unknown> },
                {
                  onSuccess: ({ id }) => {
                    message.success('草稿已保存，可在“我的办件”中继续填写');
                    if (!draftId) setParams({ draft: id });
                  },
                  onError: (e) => message.error(errorMessage(e)),
                },
              )
            }
          >
            保存草稿
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
